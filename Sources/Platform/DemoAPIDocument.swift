/// What the catalog shows of the demo API (issue 12, item 6: "the demo API, documented with a small OpenAPI file"):
/// the OpenAPI 3 document of ``DemoUpstream``'s one operation.
package enum DemoAPIDocument {
    static let description = "Orange shops near you: a small demo API served by the platform itself."

    /// The Overview tab (issue 17): seed 001's "value proposition and key benefits".
    static let overview = """
        ## Find an Orange shop

        The **Points of interest** demo API lists Orange shops with their address and opening hours, so that an
        application can send its users to the nearest one.

        - One call, `GET /poi/v1/shops`, answers every shop as JSON.
        - Tokens come from the client credentials grant: no end user involved.
        - Served by this platform itself, so that every tab of the portal can be tried at once.
        """

    /// The Terms and Conditions tab: seed 001's "conditions or limitations of use … business rules".
    static let terms = """
        ## Terms of use of the demo API

        1. The demo API serves made-up shops: do not show them to your users as real ones.
        2. Keep your calls under the limits shown on the API's page; past them the gateway answers 403 (code 53).
        3. Keep your client secret on your servers: never in an app, a web page or a repository.
        """

    /// The Getting started tab: seed 002's two steps with cURL.
    static let gettingStarted = """
        1. Create an application in **MyApps**, subscribe it to this API, and copy its *Authorization header* from the
           Credentials tab.
        2. Get a token (seed 002):

        ```bash
        curl -X POST -H "Authorization: Basic …" -H "Content-Type: application/x-www-form-urlencoded" \\
          -H "Accept: application/json" -d "grant_type=client_credentials" https://HOST/oauth/v3/token
        ```

        3. Call the API with it, and keep the token until it expires (`expires_in` seconds):

        ```bash
        curl -H "Authorization: Bearer ACCESS_TOKEN" -H "Accept: application/json" https://HOST/poi/v1/shops
        ```

        The **Code samples** tab writes these steps in ten languages for your own application.
        """

    package static let openAPI = """
        {
          "openapi": "3.0.3",
          "info": {"title": "Points of interest (demo)", "version": "1.1.0"},
          "paths": {
            "/shops": {
              "get": {
                "summary": "List Orange shops",
                "description": "Every shop, or those of one postal code.",
                "parameters": [
                  {"name": "postalCode", "in": "query", "required": false,
                   "schema": {"type": "string", "pattern": "^[0-9]{5}$"},
                   "description": "A French postal code, such as 35000."}
                ],
                "responses": {
                  "200": {
                    "description": "The shops",
                    "content": {"application/json": {"example": [
                      {"id": "rennes-centre", "name": "Boutique Orange Rennes Centre", "address": "2 rue du Pré Botté",
                       "postalCode": "35000", "city": "Rennes"}
                    ]}}
                  },
                  "400": {"description": "The postal code is not five digits (code 28)"},
                  "401": {"description": "Missing, invalid or expired access token (codes 40, 41, 42)"},
                  "403": {"description": "The application is not subscribed (code 50)"}
                }
              }
            },
            "/shops/{id}": {
              "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"},
                 "description": "The shop's id, such as rennes-centre."}
              ],
              "get": {
                "summary": "One shop",
                "responses": {
                  "200": {"description": "The shop", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shop"}}}},
                  "404": {"description": "No such shop (code 60)"}
                }
              }
            },
            "/shops/{id}/appointments": {
              "parameters": [{"$ref": "#/components/parameters/ShopID"}],
              "post": {
                "summary": "Book an appointment in a shop",
                "description": "An advisor meets you at the shop on that day and time.",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/AppointmentRequest"},
                    "example": {"date": "2026-12-24", "time": "10:30", "topic": "new-line", "name": "Camille Demo"}
                  }}
                },
                "responses": {
                  "201": {"description": "The appointment", "content": {"application/json": {"example":
                    {"id": "a-1", "shopId": "rennes-centre", "date": "2026-12-24", "time": "10:30", "topic": "new-line", "name": "Camille Demo"}}}},
                  "400": {"description": "The body is not a valid appointment (codes 21 to 24)"},
                  "404": {"description": "No such shop (code 60)"}
                }
              }
            }
          },
          "components": {
            "parameters": {
              "ShopID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}}
            },
            "schemas": {
              "Shop": {
                "type": "object",
                "required": ["id", "name", "address", "postalCode", "city"],
                "properties": {
                  "id": {"type": "string"}, "name": {"type": "string"}, "address": {"type": "string"},
                  "postalCode": {"type": "string"}, "city": {"type": "string"}
                }
              },
              "AppointmentRequest": {
                "type": "object",
                "additionalProperties": false,
                "required": ["date", "time", "topic", "name"],
                "properties": {
                  "date": {"type": "string", "format": "date"},
                  "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                  "topic": {"type": "string", "enum": ["new-line", "repair", "move"]},
                  "name": {"type": "string", "minLength": 1, "maxLength": 100},
                  "partySize": {"type": "integer", "minimum": 1, "maximum": 4}
                }
              }
            }
          }
        }
        """
}
