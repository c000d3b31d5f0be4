// Checks every manifest in this directory against the Kubernetes schema, offline: the models of
// the kubernetes-models package validate each object with the API's own OpenAPI schema.
//   npm install --prefix DIR kubernetes-models@5 yaml@2 && node check.mjs DIR/node_modules
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = process.argv[2];
const { parseAllDocuments } = createRequire(join(modules, "noop.js"))("yaml");
const here = dirname(fileURLToPath(import.meta.url));
let checked = 0;
for (const file of readdirSync(here).filter((name) => name.endsWith(".yaml"))) {
  for (const document of parseAllDocuments(readFileSync(join(here, file), "utf8"))) {
    const object = document.toJS();
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
    const models = await import(pathToFileURL(join(modules, "kubernetes-models", ...(group ? [group] : []), version, "index.js")));
    new models[object.kind](object).validate();
    console.log(`valid: ${file} ${object.apiVersion} ${object.kind} ${object.metadata.name}`);
    checked++;
  }
}
console.log(`${checked} object(s) valid against the Kubernetes schema`);
