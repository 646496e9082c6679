/// One page of a client space's applications, oldest first (the portal's MyApps and its JSON list): a developer
/// may hold thousands, and a page reads only its own rows.
package struct ApplicationPage: Sendable {
    package var applications: [ClientApplication]
    /// How many applications the client space holds in all.
    package var total: Int

    package init(applications: [ClientApplication], total: Int) {
        self.applications = applications
        self.total = total
    }
}
