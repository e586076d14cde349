// Every CLI command module, listed here rather than found by reading the folder at run time: the CLI also runs
// as a bundle (build/tools, scripts/build-bundles.mjs), which has no scripts/commands folder beside it.
// tests/unit/cli-commands-index.test.ts fails when a module in this folder is missing from the list.
import type { CliCommand } from "../cli-types";
import { commands as casefiles } from "./casefiles";
import { commands as core } from "./core";
import { commands as documentsExtract } from "./documents-extract";
import { commands as edxml } from "./edxml";
import { commands as files } from "./files";
import { commands as incoming } from "./incoming";
import { commands as jobs } from "./jobs";
import { commands as plans } from "./plans";
import { commands as signing } from "./signing";
import { commands as signingAssets } from "./signing-assets";
import { commands as signingDevices } from "./signing-devices";
import { commands as statistics } from "./statistics";

/** Module file name (without .ts) → its commands. */
export const COMMAND_MODULES: Record<string, Record<string, CliCommand>> = {
  casefiles: casefiles,
  core: core,
  "documents-extract": documentsExtract,
  edxml: edxml,
  files: files,
  incoming: incoming,
  jobs: jobs,
  plans: plans,
  signing: signing,
  "signing-assets": signingAssets,
  "signing-devices": signingDevices,
  statistics: statistics,
};
