"""Ad-placement instructions out of a Message (extract.py): cue patterns, slots and
dates are read from rules/vocab/; the result is plain Instruction records (model.py)."""
