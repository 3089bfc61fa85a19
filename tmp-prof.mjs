await import("./tmpdist/cli.js");
