"""A bundled form that changes must get a new version.

Records keep the form version they were entered with, and a database refuses a different form under
a version it already holds (FORM_VERSION_CLASH). So the content of every (form_id, version) that has
ever shipped is pinned in forms/versions.lock.json (SHA-256 of the XForm pyxform makes, which ignores
how the workbook file was saved). Changing a form: raise `version` on its settings sheet, rebuild it
(`python -m forms.build_forms`) and add the new version's line to the lock file — never edit a line.
"""

import hashlib
import json
from pathlib import Path

from forms import load_form

FORMS = Path(__file__).resolve().parents[2] / "forms"


def test_every_bundled_form_version_matches_its_pinned_content():
    lock = json.loads((FORMS / "versions.lock.json").read_text(encoding="utf-8"))
    for path in sorted(FORMS.glob("*.xlsx")):
        form = load_form(path)
        digest = hashlib.sha256(form.xform.encode()).hexdigest()
        pinned = lock.get(form.form_id, {}).get(form.version)
        assert pinned is not None, (
            f"{path.name}: version {form.version} of '{form.form_id}' is not in versions.lock.json; add "
            f'"{form.version}": "{digest}" under "{form.form_id}"')
        assert pinned == digest, (
            f"{path.name} changed but kept version {form.version}: raise the version on its settings sheet, "
            f"rebuild it and add the new version to versions.lock.json")
