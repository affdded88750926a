"""Rule packs (YAML data) shipped inside the wheel; see docs/rules.md."""
