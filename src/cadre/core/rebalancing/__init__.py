"""Staff rebalancing (điều động, sắp xếp cán bộ, công chức): the problem and plan documents, the solver, a greedy
baseline and a synthetic national problem. See docs/rebalancing.md."""
