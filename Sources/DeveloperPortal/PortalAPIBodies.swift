import Foundation
import OAuthCore
import PlatformStore

/// What the portal's JSON API sends and reads (issue 12, item 4), member for member as `PortalAPIDocument`
/// describes them: snake_case names, times in ISO 8601 (UTC), absent optional values left out.
enum PortalAPIBodies {
    struct Application: Encodable {
        var clientID: String
        var name: String
        var description: String
        var status: String
        var redirectURIs: [String]
        /// The APIs it may call (active subscriptions), sorted.
        var subscriptions: [String]
        var createdAt: Date
        var updatedAt: Date

        init(_ application: ClientApplication) {
            clientID = application.clientID
            name = application.name
            description = application.description
            status = application.status.rawValue
            redirectURIs = application.redirectURIs.sorted()
            subscriptions = application.subscriptions
            createdAt = application.createdAt
            updatedAt = application.updatedAt
        }

        enum CodingKeys: String, CodingKey {
            case name, description, status, subscriptions
            case clientID = "client_id"
            case redirectURIs = "redirect_uris"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    /// One page of the developer's applications, and how many there are in all.
    struct Applications: Encodable {
        var applications: [Application]
        var total: Int
        var offset: Int
        var limit: Int
    }

    /// Seed 002's credentials, and the ready-made value of the `Authorization` header for `/oauth/v3/token`.
    struct Credentials: Encodable {
        var clientID: String
        var clientSecret: String
        var authorization: String

        init(_ credentials: ClientCredentials) {
            clientID = credentials.clientID
            clientSecret = credentials.clientSecret
            authorization = credentials.authorizationHeader()
        }

        enum CodingKeys: String, CodingKey {
            case authorization
            case clientID = "client_id"
            case clientSecret = "client_secret"
        }
    }

    struct CreatedApplication: Encodable {
        var application: Application
        var credentials: Credentials
    }

    /// An entry of the audit trail as its developer sees it (issue 13, item 3): the operator and end users by kind only.
    struct Activity: Encodable {
        var at: Date
        var kind: String
        var actor: String
        var actorKind: String
        var address: String?
        var clientID: String?
        var detail: String?

        enum CodingKeys: String, CodingKey {
            case at, kind, actor, address, detail
            case actorKind = "actor_kind"
            case clientID = "client_id"
        }

        init(_ entry: AuditEntry) {
            at = entry.at
            kind = entry.action.rawValue
            (actor, address) = entry.actor.shownToDeveloper
            actorKind = entry.actor.kind.rawValue
            clientID = entry.clientID
            detail = entry.detail
        }
    }

    struct ActivityList: Encodable {
        var activity: [Activity]
    }

    /// An API of the catalog (issue 12, item 3).
    struct API: Encodable {
        var name: String
        var description: String
        var basePath: String
        var status: String
        var approval: String
        var visibility: String
        /// The version of the terms a subscription must accept; absent when the API has none.
        var termsVersion: String?
        var scopes: [String]

        init(_ api: RegisteredAPI, _ documentation: APIDocumentation) {
            name = api.name
            description = documentation.description
            basePath = api.basePath
            status = api.status.rawValue
            approval = documentation.approval.rawValue
            visibility = documentation.visibility.rawValue
            termsVersion = documentation.termsVersion
            scopes = api.scopes
        }

        enum CodingKeys: String, CodingKey {
            case name, description, status, approval, visibility, scopes
            case basePath = "base_path"
            case termsVersion = "terms_version"
        }
    }

    struct Catalog: Encodable {
        var apis: [API]
    }

    struct Subscriptions: Encodable {
        var subscriptions: [Subscription]
    }

    // MARK: Requests (unknown members are ignored)

    struct NewApplication: Decodable {
        var name: String
        var description: String?
        var redirectURIs: [String]?

        enum CodingKeys: String, CodingKey {
            case name, description
            case redirectURIs = "redirect_uris"
        }
    }

    struct ApplicationChange: Decodable {
        var name: String?
        var description: String?
        var redirectURIs: [String]?

        enum CodingKeys: String, CodingKey {
            case name, description
            case redirectURIs = "redirect_uris"
        }
    }

    struct NewSubscription: Decodable {
        var api: String
        /// The version of the API's terms the developer accepts: required when the API has terms.
        var acceptTermsVersion: String?

        enum CodingKeys: String, CodingKey {
            case api
            case acceptTermsVersion = "accept_terms_version"
        }
    }
}
