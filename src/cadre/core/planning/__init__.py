"""Rotation planning: the problem and plan documents, the solver, baselines, metrics and explanations."""
