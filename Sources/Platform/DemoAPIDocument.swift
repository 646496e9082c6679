/// What the catalog shows of the demo API (issue 12, item 6: "the demo API, documented with a small OpenAPI file"):
/// the OpenAPI 3 document of ``DemoUpstream``'s one operation.
enum DemoAPIDocument {
    static let description = "Orange shops near you: a small demo API served by the platform itself."

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
