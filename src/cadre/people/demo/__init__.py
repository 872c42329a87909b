"""Demo registry (sổ cán bộ mẫu): realistic officials for whole provinces, from a fixed seed.

For every commune: the key posts and about 55 staff (POLICY.md §5); ages, sexes and evaluations as real
registries have them; origins that are mostly local, with about a quarter of secretaries from elsewhere;
places written the pre-2025 way or the new way; a few hundred province-level officials; succession-plan pools
(quy hoạch) at province and former-district level; some relatives in the same commune.

Each province draws from its own seed (the run's seed and the province code), so a province comes out the
same whether it is generated alone or with the whole country. Foreign keys are set directly: the address
normaliser runs once per distinct place text, never per person, and a text is used only when it resolves to
the commune (and former district) it stands for. The shares and ranges in data.py are demo choices, not
statistics or rules.

- data.py: the shares, ranges and tables people are drawn from;
- places.py: the geography read once (Atlas) and the ways a place is written;
- officials.py: drafting one person; careers.py: their postings and succession plans;
- generator.py: one province at a time, written in bulk; summary.py: what `cadre demo` prints.
"""

from .data import AS_OF
from .generator import demo_province_codes, generate_registry
from .summary import secretary_locality, summary_lines

__all__ = ["AS_OF", "demo_province_codes", "generate_registry", "secretary_locality", "summary_lines"]
