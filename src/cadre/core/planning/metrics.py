def plan_metrics(problem, holder):
    return {}
