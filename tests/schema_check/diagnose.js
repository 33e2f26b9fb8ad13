// Diagnostics of VS Code's own JSON language service for documents checked against one schema.
//
// Reads {"schema": {...}, "documents": {"name": "JSON text", ...}} on stdin and prints
// {"name": [{"line", "character", "severity", "message"}, ...], ...}: one process for every
// document, so that the test pays for starting node once.
"use strict";

const { getLanguageService, TextDocument } = require("vscode-json-languageservice");

const SCHEMA_URI = "file:///syllabuild/syllabus.schema.json";

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const { schema, documents } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`no network: ${uri}`)),
  });
  // The association an editor makes for `# yaml-language-server: $schema=...`.
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ["*.json"], schema }] });

  const report = {};
  for (const [name, text] of Object.entries(documents)) {
    const document = TextDocument.create(`file:///documents/${encodeURIComponent(name)}.json`, "json", 1, text);
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), {
      schemaValidation: "error",
      schemaRequest: "error",
      trailingCommas: "error",
      comments: "error",
    });
    report[name] = diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      severity: d.severity,
      message: d.message,
    }));
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
