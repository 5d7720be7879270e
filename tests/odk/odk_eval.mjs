#!/usr/bin/env node
// Evaluate filled-in cases of one XForm with ODK's own form engine
// (@getodk/xforms-engine, the engine of ODK Web Forms), headless under jsdom.
//
// stdin:  {"xform": "<XForm XML>", "cases": [{"answers": {...}}, ...], "today": "YYYY-MM-DD"?,
//          "attachments": {"file.csv": "text", ...}?, "keys": {"/data/grp/name": "grp-name", ...}?}
// The form's attachments (jr://file/…, jr://file-csv/…) are answered from "attachments" by file name
// (fetchFormAttachment); one not given is missing, and read as blank (missingResourceBehavior BLANK),
// as the application loads a form whose attachments are absent.
// stdout: [{"values": {...}, "hidden": [...], "issues": [{"path", "kind"}], "error": null|"msg"}, ...]
// ("serialise": true in the input adds "instance_xml", the instance document the engine submits.)
// (stdin may also be a list of such documents; stdout is then a list of lists.)
//
// Answers contract (the application's): nested JSON keyed by question key (its name, or for a
// name used in several groups or repeats the key given in "keys" for its nodeset);
// non-repeat groups are transparent; a repeat is a list of objects, one per
// instance; select_multiple is a space-separated string (a list is accepted);
// numbers may be JSON numbers or strings; dates are YYYY-MM-DD.
//
// How answers are applied (mimicking a person filling the form in Collect):
//  * in document order, one case on a fresh instance of the once-loaded form;
//  * a question that is non-relevant or read-only at the moment it is reached
//    is not answered (its given answer is ignored), as a person never sees it;
//  * calculate / note / preload values in the answers are ignored;
//  * a media (upload) answer is a file name: the question gets a File of that name;
//  * a repeat with jr:count gets its instances from the engine; answers beyond
//    the engine's count are ignored;
//  * an open repeat whose key is present gets exactly len(list) instances
//    (instances are added or removed); an absent key leaves the form's
//    default instances as they are.
//  * answer keys that name no question at that level make the case fail with
//    an "error" (so a broken test case is never silently accepted).
//
// Output paths: "name" at top level, "rep[2].name" inside the 2nd instance of
// repeat "rep" (1-based), nested repeats "a[1].b[3].name".
// The meta group (instanceID etc.: random per instance) is left out.

import { JSDOM } from 'jsdom';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function installDom() {
	const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
	globalThis.DOMParser = dom.window.DOMParser;
	globalThis.XMLSerializer = dom.window.XMLSerializer;
	globalThis.document = dom.window.document;
	globalThis.Node = dom.window.Node;
	globalThis.__dirname = here;
}

// Fix the clock so that today() is the requested day. The Temporal polyfill
// the engine uses for today()/now() reads Date.now(). The clock starts at
// local noon of that day and runs on from there; without "today" the real
// clock is used.
const realDateNow = Date.now.bind(Date);
let clockOffset = 0;
Date.now = () => realDateNow() + clockOffset;

function setToday(today) {
	if (today == null) {
		clockOffset = 0;
		return;
	}
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
	if (!m) {
		throw new Error(`"today" must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
	}
	const base = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12, 0, 0, 0).getTime();
	clockOffset = base - realDateNow();
}

async function readStdin() {
	const chunks = [];
	for await (const chunk of process.stdin) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
}

const localName = (node) =>
	node.definition?.qualifiedName?.localName ?? node.definition.nodeset.split('/').pop();

// The application's key of a node (its name, or a path key where names are shared: the input's
// "keys", nodeset -> key, see forms/loader.py _survey_nodes).
let KEYS = {};
const keyOf = (node) => {
	const nodeset = node.definition?.nodeset;
	return (nodeset && Object.hasOwn(KEYS, nodeset)) ? KEYS[nodeset] : localName(node);
};

const isRepeatRange = (node) => node.nodeType.startsWith('repeat-range');

const LEAF_TYPES = new Set([
	'input',
	'select',
	'model-value',
	'note',
	'range',
	'rank',
	'trigger',
	'upload',
]);

function isMeta(node, parent) {
	return node.nodeType === 'group' && parent.nodeType === 'root' && localName(node) === 'meta';
}

// Names of questions (leaves) and repeats reachable at one answers level
// (through transparent groups, not into repeats).
function levelNames(parent, out = new Set()) {
	for (const child of parent.currentState.children ?? []) {
		if (isMeta(child, parent)) continue;
		if (child.nodeType === 'group') levelNames(child, out);
		else if (isRepeatRange(child) || LEAF_TYPES.has(child.nodeType)) out.add(keyOf(child));
	}
	return out;
}

function toStr(v) {
	if (v == null) return '';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	return String(v);
}

function setLeaf(node, raw) {
	switch (node.nodeType) {
		case 'input':
			node.setValue(toStr(raw));
			return;
		case 'select': {
			let values;
			if (Array.isArray(raw)) values = raw.map(toStr);
			else if (node.selectType === 'select') values = toStr(raw).split(/\s+/).filter(Boolean);
			else values = toStr(raw) === '' ? [] : [toStr(raw)];
			if (node.selectType === 'select') node.selectValues(values);
			else node.selectValue(values.length ? values[0] : null);
			return;
		}
		case 'range':
			node.setValue(raw === '' || raw == null ? null : Number(raw));
			return;
		case 'rank':
			node.setValues(Array.isArray(raw) ? raw.map(toStr) : toStr(raw).split(/\s+/).filter(Boolean));
			return;
		case 'trigger':
			node.setValue(raw === true || raw === 'OK' || raw === 'true' || raw === 1);
			return;
		case 'upload':
			// a media answer is the attached file's name: a File of that name (its bytes do not matter)
			node.setValue(toStr(raw) === '' ? null : new File([`bytes of ${toStr(raw)}`], toStr(raw)));
			return;
		default:
			// model-value (calculate/hidden), note: not answerable here.
			return;
	}
}

function applyAnswers(parent, answers, where) {
	if (answers == null) answers = {};
	if (typeof answers !== 'object' || Array.isArray(answers)) {
		throw new Error(`answers at ${where || 'top level'} must be an object`);
	}
	const known = levelNames(parent);
	for (const key of Object.keys(answers)) {
		if (!known.has(key)) {
			throw new Error(`answer ${JSON.stringify(key)} at ${where || 'top level'} names no question of the form`);
		}
	}
	applyLevel(parent, answers, where);
}

function applyLevel(parent, answers, where) {
	for (const child of parent.currentState.children ?? []) {
		if (isMeta(child, parent)) continue;
		const name = keyOf(child);
		if (child.nodeType === 'group') {
			applyLevel(child, answers, where);
		} else if (isRepeatRange(child)) {
			if (!Object.hasOwn(answers, name)) continue;
			const list = answers[name];
			if (!Array.isArray(list)) throw new Error(`answer for repeat ${name} must be a list`);
			if (!child.currentState.relevant) continue;
			if (child.nodeType === 'repeat-range:uncontrolled') {
				const have = child.currentState.children.length;
				if (have < list.length) child.addInstances(have - 1, list.length - have);
				else if (have > list.length) child.removeInstances(list.length, have - list.length);
			}
			// Controlled (jr:count) repeats: the engine made the instances.
			const instances = child.currentState.children;
			const n = Math.min(instances.length, list.length);
			for (let i = 0; i < n; i++) {
				applyAnswers(instances[i], list[i], `${where}${name}[${i + 1}].`);
			}
		} else if (LEAF_TYPES.has(child.nodeType)) {
			if (!Object.hasOwn(answers, name)) continue;
			if (!child.currentState.relevant || child.currentState.readonly) continue;
			setLeaf(child, answers[name]);
		}
	}
}

function collect(parent, values, hidden, issues, prefix, parentRelevant) {
	for (const child of parent.currentState.children ?? []) {
		if (isMeta(child, parent)) continue;
		const name = keyOf(child);
		const relevant = parentRelevant && child.currentState.relevant;
		if (child.nodeType === 'group') {
			collect(child, values, hidden, issues, prefix, relevant);
		} else if (isRepeatRange(child)) {
			const list = [];
			child.currentState.children.forEach((inst, i) => {
				const instValues = {};
				const instRelevant = relevant && inst.currentState.relevant;
				collect(inst, instValues, hidden, issues, `${prefix}${name}[${i + 1}].`, instRelevant);
				list.push(instValues);
			});
			if (relevant) values[name] = list;
		} else if (LEAF_TYPES.has(child.nodeType)) {
			const path = prefix + name;
			if (!relevant) {
				hidden.push(path);
				continue;
			}
			values[name] = child.currentState.instanceValue;
			const vs = child.validationState;
			if (vs?.required && !vs.required.valid) issues.push({ path, kind: 'required' });
			if (vs?.constraint && !vs.constraint.valid) issues.push({ path, kind: 'constraint' });
		}
	}
}

function runCase(form, kase, serialise) {
	const instance = form.createInstance();
	const root = instance.root;
	applyAnswers(root, kase?.answers ?? {}, '');
	const values = {};
	const hidden = [];
	const issues = [];
	collect(root, values, hidden, issues, '', true);
	const out = { values, hidden, issues, error: null };
	// "serialise": the instance document as the engine submits it (what ODK Collect/Web Forms save)
	if (serialise) out.instance_xml = root.instanceState.instanceXML;
	return out;
}

function errorMessage(e) {
	if (e instanceof AggregateError && e.errors?.length) {
		return `${e.message}: ${e.errors.map((x) => x?.message ?? String(x)).join('; ')}`;
	}
	return e?.message ?? String(e);
}

function failAll(input, msg) {
	return input.cases.map(() => ({ values: {}, hidden: [], issues: [], error: msg }));
}

async function evalDocument(loadForm, input) {
	if (typeof input?.xform !== 'string') throw new Error('input needs "xform" (a string)');
	if (!Array.isArray(input.cases)) throw new Error('input needs "cases" (a list)');
	setToday(input.today ?? null);
	KEYS = input.keys ?? {};
	const form = await loadForm(input.xform, attachmentOptions(input.attachments ?? {}));
	if (form.status === 'failure') {
		return failAll(input, `form failed to load: ${errorMessage(form.error)}`);
	}
	return input.cases.map((kase) => {
		try {
			return runCase(form, kase, input.serialise === true);
		} catch (e) {
			return { values: {}, hidden: [], issues: [], error: errorMessage(e) };
		}
	});
}

const CONTENT_TYPES = { csv: 'text/csv', xml: 'text/xml', geojson: 'application/geo+json' };

function attachmentOptions(files) {
	return {
		missingResourceBehavior: 'BLANK',
		fetchFormAttachment: async (url) => {
			const name = decodeURIComponent(String(url.href ?? url).split('/').pop());
			if (!Object.hasOwn(files, name)) return new Response(null, { status: 404 });
			const ext = name.split('.').pop().toLowerCase();
			return new Response(files[name], {
				status: 200,
				headers: { 'Content-Type': CONTENT_TYPES[ext] ?? 'text/plain' },
			});
		},
	};
}

// stdin holds one document (output: one list of case results) or a list of
// documents (output: a list of such lists), so many forms share one process.
async function main() {
	const input = JSON.parse(await readStdin());
	installDom();
	const { loadForm } = await import('@getodk/xforms-engine');
	let out;
	if (Array.isArray(input)) {
		out = [];
		for (const doc of input) out.push(await evalDocument(loadForm, doc));
	} else {
		out = await evalDocument(loadForm, input);
	}
	process.stdout.write(JSON.stringify(out));
	process.stdout.write('\n');
}

main().catch((e) => {
	process.stderr.write(`odk_eval: ${e?.stack ?? e}\n`);
	process.exit(2);
});
