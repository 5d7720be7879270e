#!/usr/bin/env node
// Benchmark: cost of one answer change in ODK's own form engine
// (@getodk/xforms-engine, from tests/odk/node_modules; run tests/odk/install.sh).
//
// Loads bench/odk_bench_form.xml (20 questions/calculates; written by
// bench/make_odk_bench_form.py), answers it once, then changes `hh_size` (on
// which relevance, constraints and calculate chains depend) N times, reading
// back after each change what a screen would show: every value node's value,
// relevance and validity. Prints the median over RUNS runs:
//     {"ms_per_change": <median ms per change>, "n": N}
// Per-run figures go to stderr.
//
// Usage: node bench/odk_change.mjs [N=2000] [RUNS=5] [XFORM=bench/odk_bench_form.xml]

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const harnessDir = resolve(here, '..', 'tests', 'odk');
const requireFromHarness = createRequire(resolve(harnessDir, 'package.json'));

let jsdomPath;
let enginePath;
try {
	jsdomPath = requireFromHarness.resolve('jsdom');
	enginePath = requireFromHarness.resolve('@getodk/xforms-engine');
} catch (e) {
	process.stderr.write(`odk_change: ${e.message}\nRun tests/odk/install.sh first.\n`);
	process.exit(2);
}

const { JSDOM } = requireFromHarness(jsdomPath);
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.DOMParser = dom.window.DOMParser;
globalThis.XMLSerializer = dom.window.XMLSerializer;
globalThis.document = dom.window.document;
globalThis.Node = dom.window.Node;
globalThis.__dirname = harnessDir;

const { loadForm } = await import(pathToFileURL(enginePath).href);

const N = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 5);
const xform = readFileSync(process.argv[4] ?? resolve(here, 'odk_bench_form.xml'), 'utf8');

const form = await loadForm(xform);
if (form.status === 'failure') {
	process.stderr.write(`odk_change: form failed to load: ${form.error?.message}\n`);
	process.exit(2);
}

const leaves = (node, out = []) => {
	for (const child of node.currentState.children ?? []) {
		if (child.currentState.children) leaves(child, out);
		else out.push(child);
	}
	return out;
};
const byName = (all, name) => all.find((n) => n.definition.nodeset.endsWith(`/${name}`));

function prepare() {
	const root = form.createInstance().root;
	const all = leaves(root);
	const get = (name) => byName(all, name);
	get('hh_size').setValue('4');
	get('n_adults').setValue('2');
	get('income').setValue('6000000');
	get('has_internet').selectValue('yes');
	get('n_online').setValue('2');
	get('platforms').selectValues(['shopee', 'tiki']);
	get('n_phones').setValue('5');
	return { all, hh: get('hh_size') };
}

// Read what a screen shows for every value node; returns a checksum so the
// work cannot be optimised away.
function readBack(all) {
	let sum = 0;
	for (const n of all) {
		const s = n.currentState;
		sum += s.instanceValue.length + (s.relevant ? 1 : 0);
		const v = n.validationState?.violation;
		if (v) sum += 1;
	}
	return sum;
}

function run() {
	const { all, hh } = prepare();
	readBack(all);
	let check = 0;
	const t0 = performance.now();
	for (let i = 0; i < N; i++) {
		hh.setValue(String(1 + (i % 12))); // 1..12: crosses every relevance / class threshold
		check += readBack(all);
	}
	const ms = performance.now() - t0;
	return { msPerChange: ms / N, check };
}

run(); // warm-up (JIT, lazy initialisation)
const perRun = [];
for (let r = 0; r < RUNS; r++) {
	const { msPerChange, check } = run();
	perRun.push(msPerChange);
	const heapMB = (process.memoryUsage().heapUsed / 1e6).toFixed(0);
	process.stderr.write(`run ${r + 1}: ${msPerChange.toFixed(4)} ms/change (checksum ${check}, heap ${heapMB} MB)\n`);
}
perRun.sort((a, b) => a - b);
const median = perRun[Math.floor(perRun.length / 2)];
process.stdout.write(`${JSON.stringify({ ms_per_change: Number(median.toFixed(4)), n: N })}\n`);
