#!/usr/bin/env node
// Runs the TypeScript CLI directly: OpenICS has no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
