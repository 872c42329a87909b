"""Legal rules as pure functions over plain data. Every number they use is read from the dated, cited policy
file (`cadre.core.policy`), and every function takes an optional `policy` so tests can pass their own."""
