"""The OpenAPI 3 description of the lint service.

Written as data here, served at GET /v1/openapi.json and kept as
docs/openapi.json (a test fails when the two differ; regenerate with
`mailaudit serve --openapi > docs/openapi.json`).
"""

from __future__ import annotations

from typing import Any

from .. import __version__

_ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": _ERROR}}}


def _schemas() -> dict[str, Any]:
    return {
        "Fields": {
            "type": "object",
            "description": "A draft given as fields; unknown fields are an error.",
            "additionalProperties": False,
            "properties": {
                "from": {"type": "string", "example": "Li Lei <lilei@example.com>"},
                "to": {"type": "array", "items": {"type": "string"}},
                "cc": {"type": "array", "items": {"type": "string"}},
                "bcc": {"type": "array", "items": {"type": "string"}},
                "subject": {"type": "string"},
                "body": {"type": "string", "description": "the plain-text body"},
                "html": {"type": ["string", "null"], "description": "the HTML body, if any"},
                "attachments": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string"},
                            "size": {"type": "integer", "minimum": 0},
                            "content_type": {"type": "string", "default": "application/octet-stream"},
                        },
                    },
                },
            },
        },
        "Finding": {
            "type": "object",
            "required": ["rule", "level", "message", "part"],
            "properties": {
                "rule": {"type": "string", "example": "attachment-forgotten"},
                "level": {"type": "string", "enum": ["info", "warning", "error"]},
                "message": {"type": "string"},
                "part": {"type": "string", "example": "body"},
                "span": {"type": ["array", "null"], "items": {"type": "integer"},
                         "minItems": 2, "maxItems": 2},
                "excerpt": {"type": "string"},
                "summary": {"type": "string"},
                "doc": {"$ref": "#/components/schemas/RuleDoc"},
            },
        },
        "RuleDoc": {
            "type": "object",
            "properties": {k: {"type": "string"} for k in ("what", "why", "example", "fix")},
        },
        "Rule": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "level": {"type": "string", "enum": ["info", "warning", "error"]},
                "summary": {"type": "string"},
                "doc": {"$ref": "#/components/schemas/RuleDoc"},
            },
        },
        "LintResult": {
            "type": "object",
            "required": ["findings", "fails", "fail_level"],
            "properties": {
                "message_id": {"type": ["string", "null"]},
                "subject": {"type": ["string", "null"]},
                "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                "fails": {"type": "boolean",
                          "description": "a finding reaches the fail level: do not send"},
                "fail_level": {"type": "string", "enum": ["info", "warning", "error"]},
                "failing_rules": {"type": "array", "items": {"type": "string"}},
                "elapsed_ms": {"type": "number"},
                "text": {"type": "string",
                         "description": "with ?text=1: the findings as `mailaudit lint` prints them"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "code", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "code": {"type": "string", "example": "bad_json"},
                        "message": {"type": "string"},
                    },
                }
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mailaudit lint service",
            "version": __version__,
            "description": (
                "Lints a draft before it is sent. Listens on 127.0.0.1 only; every request "
                "except health and this document needs 'Authorization: Bearer <token>' with "
                "the token from $XDG_CONFIG_HOME/mailaudit/serve-token (or [serve] token_file)."
            ),
        },
        "servers": [{"url": "http://127.0.0.1:7425"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
        "security": [{"bearer": []}],
        "paths": {
            "/v1/lint": {
                "post": {
                    "summary": "Lint one message",
                    "parameters": [{
                        "name": "fail_level", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["info", "warning", "error"]},
                        "description": "level at which `fails` is true (default: [lint] fail_level)",
                    }, {
                        "name": "text", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["1", "true"]},
                        "description": "raw messages only: also return `text`, the findings as"
                                       " `mailaudit lint` prints them",
                    }, {
                        "name": "source", "in": "query", "required": False,
                        "schema": {"type": "string"},
                        "description": "the name `text` gives the message (default: request)",
                    }, {
                        "name": "profile", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["patch"]},
                        "description": "patch: the git send-email hook's rule selection ([patch])",
                    }, {
                        "name": "X-Mailaudit-Settings", "in": "header", "required": False,
                        "schema": {"type": "string"},
                        "description": "mailaudit's own clients: the fingerprint of their settings,"
                                       " rules and code; 409 when the service's differ",
                    }],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
                            "application/json": {"schema": {"$ref": "#/components/schemas/Fields"}},
                        },
                    },
                    "responses": {
                        "200": {"description": "the findings",
                                "content": {"application/json": {
                                    "schema": {"$ref": "#/components/schemas/LintResult"}}}},
                        "400": _error_response("bad JSON, bad fields, empty message, bad fail_level,"
                                               " bad profile"),
                        "401": _error_response("no token or a wrong one"),
                        "403": _error_response("a Host other than 127.0.0.1/localhost"),
                        "411": _error_response("no Content-Length (chunked bodies are refused)"),
                        "413": _error_response("over [serve] max_bytes (default 25 MiB)"),
                        "409": _error_response("X-Mailaudit-Settings differs from the service's"),
                        "415": _error_response("neither message/rfc822 nor application/json"),
                    },
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "The rules this service checks, with their docs",
                    "responses": {
                        "200": {"description": "the rules", "content": {"application/json": {
                            "schema": {"type": "object", "properties": {"rules": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Rule"}}}}}}},
                        "401": _error_response("no token or a wrong one"),
                    },
                }
            },
            "/v1/health": {
                "get": {
                    "summary": "Whether the service runs (no token needed)",
                    "security": [],
                    "responses": {"200": {"description": "running", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            "status": {"type": "string", "enum": ["ok"]},
                            "version": {"type": "string"},
                            "rules": {"type": "integer"},
                            "uptime_s": {"type": "number"},
                            "linted": {"type": "integer"}}}}}}},
                }
            },
            "/v1/openapi.json": {
                "get": {
                    "summary": "This document (no token needed)",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3 document"}},
                }
            },
        },
    }
