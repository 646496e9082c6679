import Metrics
import PlatformServices

/// Sign-ins at the provider's login page by realm and result (issue 14, item 1):
/// `orangerie_sign_ins_total{realm="provider"|"portal", result="success"|"failure"|"throttled"|"unavailable"}`. The
/// portal signs developers in through the same page (``PortalSignIn``); its attempts count under `portal`.
struct SignInMetrics: Sendable {
    enum Outcome: String, CaseIterable {
        case success, failure, throttled
        /// The throttle's counters could not be reached: nobody signs in.
        case unavailable
    }

    private let counters: [String: Counter]

    init(metrics: PlatformMetrics) {
        var counters: [String: Counter] = [:]
        for realm in ["provider", "portal"] {
            for result in Outcome.allCases {
                counters[realm + result.rawValue] = metrics.counter("orangerie_sign_ins_total", [("realm", realm), ("result", result.rawValue)])
            }
        }
        self.counters = counters
    }

    func record(_ result: Outcome, portal: Bool) {
        counters[(portal ? "portal" : "provider") + result.rawValue]?.increment()
    }
}
