"""The pre-send gate: where mailaudit sits at the moment a person presses Send.

- sendmail.py: `mailaudit sendmail`, a drop-in for the `sendmail -t -oi` interface
- overrides.py: the `X-Mailaudit:` header and `MAILAUDIT_IGNORE` escape hatches
- githook.py: the git send-email `sendemail-validate` hook and its patch profile
- serve.py / token.py / api.py: the local lint service on loopback
- fields.py: fields (to, subject, body, attachments) -> a message, for the service
"""
