/// What the catalog shows of the demo API (issue 12, item 6: "the demo API, documented with a small OpenAPI file"):
/// the OpenAPI 3 document of ``DemoUpstream``'s one operation.
enum DemoAPIDocument {
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

    static let openAPI = """
        {
          "openapi": "3.0.3",
          "info": {"title": "Points of interest (demo)", "version": "1.0.0"},
          "paths": {
            "/shops": {
              "get": {
                "summary": "List Orange shops",
                "description": "Every shop, or those of one postal code.",
                "parameters": [
                  {"name": "postalCode", "in": "query", "required": false, "schema": {"type": "string"},
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
                  "401": {"description": "Missing, invalid or expired access token (codes 40, 41, 42)"},
                  "403": {"description": "The application is not subscribed (code 50)"}
                }
              }
            }
          }
        }
        """
}
