// Built-in workflow step kinds (issue 5) will live here.
