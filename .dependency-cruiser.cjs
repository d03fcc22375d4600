/** The import arrows of DESIGN.md, checked by `npm test`. */
const pkg = (name) => `^packages/${name}/`;
const forbidOutside = (from, allowed, why) => ({
  name: `${from}-imports-only-${allowed.join("-") || "nothing"}`,
  severity: "error",
  comment: why,
  // Tests may use testkit's fixtures; the code they test may not.
  from: { path: pkg(from), pathNot: "\\.test\\.ts$" },
  to: {
    path: "^packages/([^/]+)/",
    pathNot: [pkg(from), ...allowed.map(pkg)],
  },
});
module.exports = {
  forbidden: [
    forbidOutside(
      "core",
      [],
      "core is the pure domain: it imports nothing of ours.",
    ),
    forbidOutside(
      "db",
      ["core"],
      "db holds the schema and repositories; it imports only core.",
    ),
    forbidOutside(
      "analytics",
      ["core"],
      "analytics compiles core's query model; it imports only core.",
    ),
    forbidOutside(
      "server",
      ["core", "db", "analytics"],
      "server imports core, db and analytics, never the CLI or testkit.",
    ),
    forbidOutside(
      "cli",
      ["core", "db", "analytics", "server", "testkit"],
      "the CLI uses core, db, analytics, the server's use cases, and testkit for the demo.",
    ),
    forbidOutside(
      "testkit",
      ["core", "db", "analytics", "server"],
      "testkit builds fixtures from the real packages.",
    ),
    {
      name: "cli-uses-use-cases-not-routes",
      severity: "error",
      comment:
        "The CLI calls the server's use cases (service.ts), never its routes or pages.",
      from: { path: pkg("cli") },
      to: { path: "^packages/server/src/.*/(api|pages)\\.ts$" },
    },
    {
      name: "capabilities-enter-through-index",
      severity: "error",
      comment: "Another capability is entered only through its index.ts.",
      from: { path: "^packages/core/src/([^/]+)/" },
      to: {
        path: "^packages/core/src/([^/]+)/(?!index\\.ts$)",
        pathNot: "^packages/core/src/$1/",
      },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "default"],
    },
    combinedDependencies: true,
  },
};
