"""bytes -> Message: the mail model, parsing, charsets, HTML to text, body parts,
addresses, language. Imports nothing of mailaudit but errors and config."""
