// Validates a multi-document Kubernetes YAML file offline against the API schemas compiled into the npm
// `kubernetes-models` package, and prints JSON: { "objects": [...], "errors": [{ "object", "path", "message" }] }.
//
// The compiled schemas accept unknown fields (a misspelt `readinesProbe` passes them), so this script also
// rejects every field the schema never looked at: each object is wrapped in a Proxy that records which
// properties the validator read. A property nobody read is unknown, unless the validator enumerated the
// object's keys, which it does only for maps (labels, ConfigMap data), where any key is allowed.
//
// Usage: node validate.mjs <file.yaml>
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <file.yaml>");
  process.exit(2);
}
const documents = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`; the core group is `v1`. */
async function loadModel(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return null;
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind] ?? null;
  } catch (e) {
    if (e && (e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || e.code === "ERR_MODULE_NOT_FOUND")) return null;
    throw e;
  }
}

function tracked(value, path, records) {
  if (value === null || typeof value !== "object") return value;
  let record = records.get(path);
  if (!record) {
    record = { value, read: new Set(), enumerated: false };
    records.set(path, record);
  }
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== "string") return Reflect.get(target, key, receiver);
      record.read.add(key);
      return tracked(target[key], `${path}/${key}`, records);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(records) {
  const unknown = [];
  for (const [path, record] of records) {
    if (Array.isArray(record.value) || record.enumerated) continue;
    for (const key of Object.keys(record.value)) {
      if (!record.read.has(key)) unknown.push(`${path}/${key}`);
    }
  }
  return unknown;
}

const errors = [];
for (const doc of documents) {
  const name = `${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`;
  const model = await loadModel(doc.apiVersion, doc.kind);
  if (!model) {
    errors.push({ object: name, path: "", message: `no schema for apiVersion '${doc.apiVersion}' kind '${doc.kind}'` });
    continue;
  }
  const records = new Map();
  try {
    model.prototype.validate.call(tracked(doc, "", records));
  } catch (e) {
    for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
      errors.push({ object: name, path: error.instancePath ?? "", message: error.message ?? String(error) });
    }
  }
  for (const path of unknownFields(records)) {
    errors.push({ object: name, path, message: "unknown field (not in the schema)" });
  }
}
process.stdout.write(JSON.stringify({ objects: documents, errors }));
