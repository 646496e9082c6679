import Hummingbird
import NIOCore

/// The OpenAPI 3.1 document of the portal's JSON API (``PortalAPI``; issue 12, item 4), served at
/// `/portal/api/v1/openapi.json` without a token. Written by hand, member for member as `PortalAPIBodies` encodes
/// them; `PortalAPITests` checks every answer the tests see against it.
enum PortalAPIDocument {
    static func response() -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    static let json = ##"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Orangerie developer portal API",
        "version": "1.0.0",
        "description": "What the developer portal's pages do, for automation (issue 12, item 4): a developer's applications, their credentials, activity and subscriptions, and the API catalog. Calls carry a user access token of this platform's OpenID Connect provider granted the `portal` scope (`orangerie login --scope \"openid portal\"`), whose user is a developer; each sees that developer's applications only (another developer's answers 404, as an unknown one). Errors are Orange's `{code, message, description}`. Every answer has `Cache-Control: no-store`."
      },
      "servers": [
        {
          "url": "/portal/api/v1"
        }
      ],
      "security": [
        {
          "portalToken": [
            "portal"
          ]
        }
      ],
      "paths": {
        "/applications": {
          "get": {
            "operationId": "listApplications",
            "summary": "The developer's applications, oldest first, a page at a time.",
            "parameters": [
              {
                "name": "offset",
                "in": "query",
                "description": "How many applications to skip.",
                "schema": {
                  "type": "integer",
                  "minimum": 0,
                  "default": 0
                }
              },
              {
                "name": "limit",
                "in": "query",
                "description": "How many applications to list at most.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 200,
                  "default": 50
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The applications.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ApplicationList"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "post": {
            "operationId": "createApplication",
            "summary": "Creates an application (verified developers only).",
            "responses": {
              "201": {
                "description": "The new application and its credentials; `Location` names it.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CreatedApplication"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            },
            "description": "Refused 403 (code 52) until the developer's e-mail address is verified. Validation errors are 400 with code 23 (a required member is missing) or 24 (a member's value is not valid), and a description saying what is wrong.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NewApplication"
                  }
                }
              }
            }
          }
        },
        "/applications/{client_id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "get": {
            "operationId": "getApplication",
            "summary": "One application.",
            "responses": {
              "200": {
                "description": "The application.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Application"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "patch": {
            "operationId": "changeApplication",
            "summary": "Changes the members given: name, description, redirect_uris (which replaces the list).",
            "responses": {
              "200": {
                "description": "The application as it now is.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Application"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            },
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ApplicationChange"
                  }
                }
              }
            }
          },
          "delete": {
            "operationId": "deleteApplication",
            "summary": "Deletes the application with its tokens, consents and subscriptions.",
            "responses": {
              "204": {
                "description": "Done: no body."
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/applications/{client_id}/credentials": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "get": {
            "operationId": "getCredentials",
            "summary": "The client_secret and the ready-made Authorization value, again.",
            "responses": {
              "200": {
                "$ref": "#/components/responses/Credentials"
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            },
            "description": "Needs an access token from a sign-in within the last 5 minutes (RFC 9470): otherwise 401 with `WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=300`; sign in again with `max_age=300` or `prompt=login`. Each call is written to the application's audit trail (its activity)."
          }
        },
        "/applications/{client_id}/secret": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "post": {
            "operationId": "renewSecret",
            "summary": "Replaces the secret: the old one, and every token it obtained, is refused from now on.",
            "responses": {
              "200": {
                "$ref": "#/components/responses/Credentials"
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            },
            "description": "Needs an access token from a sign-in within the last 5 minutes (RFC 9470): otherwise 401 with `WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=300`; sign in again with `max_age=300` or `prompt=login`. Each call is written to the application's audit trail (its activity)."
          }
        },
        "/applications/{client_id}/activity": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "get": {
            "operationId": "getActivity",
            "summary": "The application's audit trail, newest first (the latest 100 entries): every change to it, by the developer, the operator or the platform, and every time its secret was shown.",
            "responses": {
              "200": {
                "description": "The activity.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ActivityList"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/applications/{client_id}/usage": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "get": {
            "operationId": "getUsage",
            "summary": "The application's calls over a window, as its usage page shows them: bars by class of outcome, calls by outcome with their meaning (in the call's Accept-Language), latency percentiles and quotas. Counted every few seconds.",
            "parameters": [
              {
                "name": "window",
                "in": "query",
                "description": "The last 24 hours by hour, or the last 7 or 30 days by day (UTC).",
                "schema": {
                  "type": "string",
                  "enum": [
                    "24h",
                    "7d",
                    "30d"
                  ],
                  "default": "24h"
                }
              },
              {
                "name": "api",
                "in": "query",
                "description": "One API's calls only; empty for the token endpoints' requests. Every API when absent.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The usage.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Usage"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/applications/{client_id}/subscriptions": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            }
          ],
          "get": {
            "operationId": "listSubscriptions",
            "summary": "The application's subscriptions, whatever their status, oldest first.",
            "responses": {
              "200": {
                "description": "The subscriptions.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SubscriptionList"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "post": {
            "operationId": "subscribe",
            "summary": "Subscribes the application to an API of the catalog.",
            "responses": {
              "201": {
                "description": "The subscription: active for an API with automatic approval, pending an operator's decision for a manual one (a pending subscription gets no token).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Subscription"
                    }
                  }
                }
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            },
            "description": "400 (code 24) for an API not in the catalog, a deprecated API (it takes no new subscriptions), or an `accept_terms_version` other than the API's current terms version when it has terms. 409 when the application is already subscribed or waiting for approval.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NewSubscription"
                  }
                }
              }
            }
          }
        },
        "/applications/{client_id}/subscriptions/{api}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ClientID"
            },
            {
              "$ref": "#/components/parameters/API"
            }
          ],
          "delete": {
            "operationId": "unsubscribe",
            "summary": "Ends the subscription, whatever its status.",
            "responses": {
              "204": {
                "description": "Done: no body."
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/activity": {
          "get": {
            "operationId": "getSpaceActivity",
            "summary": "The audit trail of the caller's client space, newest first: every change to the space and its applications (deleted ones included), by the developer, the operator or the platform, and every time a secret was shown. Entries are kept one year.",
            "parameters": [
              {
                "name": "since",
                "in": "query",
                "description": "No entry before this day (`2026-01-31`, from its start in UTC) or time (`2026-01-31T12:00:00Z`).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "description": "How many entries to list at most, the newest.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The entries.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ActivityList"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/apis": {
          "get": {
            "operationId": "listAPIs",
            "summary": "The catalog: every live or deprecated API the caller's client space sees (public ones, partner ones it was invited to, private ones when it is internal).",
            "responses": {
              "200": {
                "description": "The APIs.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Catalog"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/apis/{api}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/API"
            }
          ],
          "get": {
            "operationId": "getAPI",
            "summary": "One API of the catalog; 404 for a partner or private API the caller's client space does not see, as for one that does not exist.",
            "responses": {
              "200": {
                "description": "The API.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/API"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/subscriptions": {
          "get": {
            "operationId": "listPendingSubscriptions",
            "summary": "The subscriptions waiting for approval, oldest first.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The pending subscriptions.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/PendingSubscriptionList"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/subscriptions/{id}/approve": {
          "parameters": [
            {
              "name": "id",
              "in": "path",
              "required": true,
              "description": "The subscription's id.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "post": {
            "operationId": "approveSubscription",
            "summary": "Approves a pending subscription: the application gets tokens for the API from now on; 409 for one already decided.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The subscription.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Subscription"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/subscriptions/{id}/reject": {
          "parameters": [
            {
              "name": "id",
              "in": "path",
              "required": true,
              "description": "The subscription's id.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "post": {
            "operationId": "rejectSubscription",
            "summary": "Rejects a pending subscription, with a reason the developer reads (at most 500 characters); the body is optional.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/Rejection"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The subscription.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Subscription"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/applications/{client_id}/suspend": {
          "parameters": [
            {
              "$ref": "#/components/parameters/AnyClientID"
            }
          ],
          "post": {
            "operationId": "suspendApplication",
            "summary": "Suspends the application: its calls are refused with 403 code 51 and it gets no token.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The application.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Application"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/applications/{client_id}/resume": {
          "parameters": [
            {
              "$ref": "#/components/parameters/AnyClientID"
            }
          ],
          "post": {
            "operationId": "resumeApplication",
            "summary": "Resumes a suspended application.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The application.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Application"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/developers/{email}/lock": {
          "parameters": [
            {
              "name": "email",
              "in": "path",
              "required": true,
              "description": "The developer's e-mail address.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "post": {
            "operationId": "lockDeveloper",
            "summary": "Locks the developer's account: they cannot sign in; an administrator cannot lock themselves (409).",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The developer.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DeveloperLock"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/developers/{email}/unlock": {
          "parameters": [
            {
              "name": "email",
              "in": "path",
              "required": true,
              "description": "The developer's e-mail address.",
              "schema": {
                "type": "string"
              }
            }
          ],
          "post": {
            "operationId": "unlockDeveloper",
            "summary": "Unlocks the developer's account.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "responses": {
              "200": {
                "description": "The developer.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DeveloperLock"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/usage": {
          "get": {
            "operationId": "getPlatformUsage",
            "summary": "Every application's calls over a window: the refusals by Orange code, the busiest applications and APIs.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "parameters": [
              {
                "name": "window",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "24h",
                    "7d",
                    "30d"
                  ],
                  "default": "24h"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The usage.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UsageSummary"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/admin/audit": {
          "get": {
            "operationId": "getAuditTrail",
            "summary": "The whole audit trail, newest first, each actor with their name and address.",
            "description": "Administrators only: a `portal` token whose user an operator made an administrator (`orangerie user grant-admin`); anyone else 403, code 52. Each change is in the audit trail as the administrator's.",
            "parameters": [
              {
                "name": "client_id",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "since",
                "in": "query",
                "description": "A day, 2026-01-31, or a time, 2026-01-31T12:00:00Z.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The entries.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AuditTrail"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "getDocument",
            "summary": "This document.",
            "security": [],
            "responses": {
              "200": {
                "description": "The OpenAPI document.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              },
              "default": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "portalToken": {
            "type": "oauth2",
            "description": "A user access token of this platform's provider, granted the `portal` scope, sent as `Authorization: Bearer` (RFC 6750).",
            "flows": {
              "authorizationCode": {
                "authorizationUrl": "/openidconnect/fr/v1/authorize",
                "tokenUrl": "/openidconnect/fr/v1/token",
                "scopes": {
                  "portal": "Manage your applications on the developer portal"
                }
              }
            }
          }
        },
        "parameters": {
          "ClientID": {
            "name": "client_id",
            "in": "path",
            "required": true,
            "description": "The application's client_id: 404 (code 60) for another developer's, exactly as for an unknown one.",
            "schema": {
              "type": "string"
            }
          },
          "AnyClientID": {
            "name": "client_id",
            "in": "path",
            "required": true,
            "description": "Any application's client_id (administrators see them all).",
            "schema": {
              "type": "string"
            }
          },
          "API": {
            "name": "api",
            "in": "path",
            "required": true,
            "description": "The API's name: 404 (code 60) for a partner or private API the caller does not see, exactly as for an unknown one.",
            "schema": {
              "type": "string"
            }
          }
        },
        "responses": {
          "Credentials": {
            "description": "The credentials.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Credentials"
                }
              }
            }
          },
          "Error": {
            "description": "Every refusal, with Orange's error body: 400 codes 20–24, 401 codes 40–42, 403 codes 50–52, 404 code 60, 405 code 61, 409 code 24, 413 code 66, 415 code 68, 500 code 1.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "properties": {
              "code": {
                "type": "integer"
              },
              "message": {
                "type": "string"
              },
              "description": {
                "type": "string"
              }
            },
            "required": [
              "code",
              "message",
              "description"
            ],
            "additionalProperties": false
          },
          "Application": {
            "type": "object",
            "properties": {
              "client_id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "status": {
                "type": "string",
                "enum": [
                  "active",
                  "suspended"
                ]
              },
              "redirect_uris": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "subscriptions": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "The APIs the application may call (active subscriptions)."
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "updated_at": {
                "type": "string",
                "format": "date-time"
              }
            },
            "required": [
              "client_id",
              "name",
              "description",
              "status",
              "redirect_uris",
              "subscriptions",
              "created_at",
              "updated_at"
            ],
            "additionalProperties": false
          },
          "ApplicationList": {
            "type": "object",
            "properties": {
              "applications": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Application"
                }
              },
              "total": {
                "type": "integer",
                "description": "How many applications the developer has in all."
              },
              "offset": {
                "type": "integer"
              },
              "limit": {
                "type": "integer"
              }
            },
            "required": [
              "applications",
              "total",
              "offset",
              "limit"
            ],
            "additionalProperties": false
          },
          "Credentials": {
            "type": "object",
            "properties": {
              "client_id": {
                "type": "string"
              },
              "client_secret": {
                "type": "string"
              },
              "authorization": {
                "type": "string",
                "description": "The value of the Authorization header for /oauth/v3/token: `Basic` and base64(client_id:client_secret)."
              }
            },
            "required": [
              "client_id",
              "client_secret",
              "authorization"
            ],
            "additionalProperties": false
          },
          "CreatedApplication": {
            "type": "object",
            "properties": {
              "application": {
                "$ref": "#/components/schemas/Application"
              },
              "credentials": {
                "$ref": "#/components/schemas/Credentials"
              }
            },
            "required": [
              "application",
              "credentials"
            ],
            "additionalProperties": false
          },
          "Activity": {
            "type": "object",
            "properties": {
              "at": {
                "type": "string",
                "format": "date-time"
              },
              "kind": {
                "type": "string",
                "enum": [
                  "created",
                  "edited",
                  "deleted",
                  "secret-revealed",
                  "secret-renewed",
                  "tokens-revoked",
                  "redirect-uris-changed",
                  "introspection-allowed",
                  "introspection-denied",
                  "pushed-requests-required",
                  "pushed-requests-optional",
                  "subscribed",
                  "subscription-requested",
                  "subscription-approved",
                  "subscription-rejected",
                  "terms-accepted",
                  "unsubscribed",
                  "suspended",
                  "resumed",
                  "consent-withdrawn",
                  "grant-revoked-replayed-code",
                  "space-marked-internal",
                  "space-marked-not-internal",
                  "account-locked",
                  "account-unlocked"
                ]
              },
              "actor": {
                "type": "string",
                "description": "The developer's e-mail address; for the others, their kind alone: `operator`, `user` (an end user), `system` (the platform)."
              },
              "actor_kind": {
                "type": "string",
                "enum": [
                  "developer",
                  "operator",
                  "user",
                  "system"
                ]
              },
              "address": {
                "type": "string",
                "description": "The IP address the developer's request came from; absent for the others."
              },
              "client_id": {
                "type": "string",
                "description": "The application's client_id (which may since be deleted); absent for a change to the client space itself."
              },
              "detail": {
                "type": "string",
                "description": "What the kind needs to be read: an API's name, redirect URIs, a reason. Never a secret."
              }
            },
            "required": [
              "at",
              "kind",
              "actor",
              "actor_kind"
            ],
            "additionalProperties": false
          },
          "ActivityList": {
            "type": "object",
            "properties": {
              "activity": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Activity"
                }
              }
            },
            "required": [
              "activity"
            ],
            "additionalProperties": false
          },
          "API": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "base_path": {
                "type": "string"
              },
              "status": {
                "type": "string",
                "enum": [
                  "live",
                  "deprecated"
                ]
              },
              "approval": {
                "type": "string",
                "enum": [
                  "auto",
                  "manual"
                ]
              },
              "visibility": {
                "type": "string",
                "enum": [
                  "public",
                  "partner",
                  "private"
                ]
              },
              "terms_version": {
                "type": "string",
                "description": "The version of the terms a subscription accepts; absent when the API has none."
              },
              "scopes": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            },
            "required": [
              "name",
              "description",
              "base_path",
              "status",
              "approval",
              "scopes"
            ],
            "additionalProperties": false
          },
          "Catalog": {
            "type": "object",
            "properties": {
              "apis": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/API"
                }
              }
            },
            "required": [
              "apis"
            ],
            "additionalProperties": false
          },
          "PendingSubscriptionList": {
            "type": "object",
            "properties": {
              "subscriptions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "client_id": {
                      "type": "string"
                    },
                    "application": {
                      "type": "string"
                    },
                    "owner": {
                      "type": "string",
                      "description": "The client space's e-mail address."
                    },
                    "api": {
                      "type": "string"
                    },
                    "requested_at": {
                      "type": "string",
                      "format": "date-time"
                    }
                  },
                  "required": [
                    "id",
                    "client_id",
                    "application",
                    "owner",
                    "api",
                    "requested_at"
                  ],
                  "additionalProperties": false
                }
              }
            },
            "required": [
              "subscriptions"
            ],
            "additionalProperties": false
          },
          "Rejection": {
            "type": "object",
            "properties": {
              "reason": {
                "type": "string"
              }
            },
            "description": "Unknown members are ignored."
          },
          "DeveloperLock": {
            "type": "object",
            "properties": {
              "email": {
                "type": "string"
              },
              "locked": {
                "type": "boolean"
              }
            },
            "required": [
              "email",
              "locked"
            ],
            "additionalProperties": false
          },
          "UsageSummary": {
            "type": "object",
            "properties": {
              "window": {
                "type": "string"
              },
              "calls": {
                "type": "integer"
              },
              "refusals": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "code": {
                      "type": "integer"
                    },
                    "calls": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "code",
                    "calls"
                  ],
                  "additionalProperties": false
                }
              },
              "top_applications": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string",
                      "description": "A client_id or an API's name; empty for the calls of no application, or for the token endpoints."
                    },
                    "calls": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "name",
                    "calls"
                  ],
                  "additionalProperties": false
                }
              },
              "top_apis": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string",
                      "description": "A client_id or an API's name; empty for the calls of no application, or for the token endpoints."
                    },
                    "calls": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "name",
                    "calls"
                  ],
                  "additionalProperties": false
                }
              }
            },
            "required": [
              "window",
              "calls",
              "refusals",
              "top_applications",
              "top_apis"
            ],
            "additionalProperties": false
          },
          "AuditTrail": {
            "type": "object",
            "properties": {
              "entries": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "at": {
                      "type": "string",
                      "format": "date-time"
                    },
                    "actor_kind": {
                      "type": "string",
                      "enum": [
                        "developer",
                        "operator",
                        "user",
                        "system"
                      ]
                    },
                    "actor": {
                      "type": "string"
                    },
                    "address": {
                      "type": "string"
                    },
                    "action": {
                      "type": "string"
                    },
                    "client_space_id": {
                      "type": "string"
                    },
                    "client_id": {
                      "type": "string"
                    },
                    "detail": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "at",
                    "actor_kind",
                    "actor",
                    "action",
                    "client_space_id"
                  ],
                  "additionalProperties": false
                }
              }
            },
            "required": [
              "entries"
            ],
            "additionalProperties": false
          },
          "Usage": {
            "type": "object",
            "properties": {
              "window": {
                "type": "string"
              },
              "api": {
                "type": "string"
              },
              "calls": {
                "type": "integer"
              },
              "latency": {
                "type": "object",
                "description": "Upper bounds of the latency buckets the percentiles fall in; absent with no call, or beyond 5 s.",
                "properties": {
                  "p50_ms": {
                    "type": "number"
                  },
                  "p95_ms": {
                    "type": "number"
                  }
                },
                "additionalProperties": false
              },
              "bars": {
                "type": "array",
                "description": "One per hour (24h) or day (7d, 30d), oldest first, the current one last.",
                "items": {
                  "type": "object",
                  "properties": {
                    "start": {
                      "type": "string",
                      "format": "date-time"
                    },
                    "calls": {
                      "type": "integer"
                    },
                    "success": {
                      "type": "integer"
                    },
                    "client_error": {
                      "type": "integer"
                    },
                    "upstream_failure": {
                      "type": "integer"
                    },
                    "refused": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "start",
                    "calls",
                    "success",
                    "client_error",
                    "upstream_failure",
                    "refused"
                  ],
                  "additionalProperties": false
                }
              },
              "outcomes": {
                "type": "array",
                "description": "The most frequent first.",
                "items": {
                  "type": "object",
                  "properties": {
                    "outcome": {
                      "type": "string",
                      "description": "`success`, `client_error` (the API answered 4xx), `upstream_failure` (5xx, unreachable, timeout) or `refused:CODE`."
                    },
                    "code": {
                      "type": "integer",
                      "description": "The Orange code of a refusal."
                    },
                    "calls": {
                      "type": "integer"
                    },
                    "meaning": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "outcome",
                    "calls",
                    "meaning"
                  ],
                  "additionalProperties": false
                }
              },
              "quotas": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "api": {
                      "type": "string"
                    },
                    "limit": {
                      "type": "string",
                      "example": "1000/day"
                    },
                    "used": {
                      "type": "integer"
                    },
                    "resets_at": {
                      "type": "string",
                      "format": "date-time"
                    }
                  },
                  "required": [
                    "api",
                    "limit",
                    "used",
                    "resets_at"
                  ],
                  "additionalProperties": false
                }
              }
            },
            "required": [
              "window",
              "calls",
              "latency",
              "bars",
              "outcomes",
              "quotas"
            ],
            "additionalProperties": false
          },
          "Subscription": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "api": {
                "type": "string"
              },
              "status": {
                "type": "string",
                "enum": [
                  "active",
                  "pending",
                  "rejected"
                ]
              },
              "reason": {
                "type": "string",
                "description": "Why an operator rejected it."
              },
              "terms_version": {
                "type": "string"
              },
              "terms_accepted_at": {
                "type": "string",
                "format": "date-time"
              },
              "accepted_by": {
                "type": "string"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              }
            },
            "required": [
              "id",
              "api",
              "status",
              "created_at"
            ],
            "additionalProperties": false
          },
          "SubscriptionList": {
            "type": "object",
            "properties": {
              "subscriptions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Subscription"
                }
              }
            },
            "required": [
              "subscriptions"
            ],
            "additionalProperties": false
          },
          "NewApplication": {
            "type": "object",
            "required": [
              "name"
            ],
            "description": "Unknown members are ignored.",
            "properties": {
              "name": {
                "type": "string",
                "description": "1 to 100 printable characters."
              },
              "description": {
                "type": "string",
                "description": "At most 1,000 characters."
              },
              "redirect_uris": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Exact-match callback URLs: https, http on a loopback address, or a private-use scheme."
              }
            }
          },
          "ApplicationChange": {
            "type": "object",
            "description": "Only the members given change; unknown members are ignored.",
            "properties": {
              "name": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "redirect_uris": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "NewSubscription": {
            "type": "object",
            "required": [
              "api"
            ],
            "description": "Unknown members are ignored.",
            "properties": {
              "api": {
                "type": "string",
                "description": "The API's name in the catalog."
              },
              "accept_terms_version": {
                "type": "string",
                "description": "The API's current terms version, which the developer accepts: required when the API has terms."
              }
            }
          }
        }
      }
    }
    """##
}
