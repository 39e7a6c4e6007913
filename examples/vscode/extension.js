// A minimal VS Code client for `policyc lsp`: starts the workspace's policyc as a language server
// over stdio for the YAML files of policy folders. Install with `npm install` in this folder, then
// copy or link the folder into ~/.vscode/extensions/ (or run it with F5 from this folder).

const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const configured = vscode.workspace.getConfiguration('policyc').get('command', 'node_modules/.bin/policyc');
  const command = path.isAbsolute(configured) ? configured : path.join(folder, configured);
  const server = { command, args: ['lsp'], transport: TransportKind.stdio, options: { cwd: folder } };
  client = new LanguageClient('policyc', 'policyc', server, {
    // Every YAML file; the server answers only for files of a policy folder (next to a policy.yaml).
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
