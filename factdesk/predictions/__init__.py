"""The predictions ledger: every prediction a check sets apart is recorded with its horizon, stated likelihood and
source, resolved later by people, and scored with the Brier score (docs/predictions.md)."""
