import Foundation
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// E-mail (issue 12): the message as RFC 5322 text, the outbox directory, and the `sendmail`-compatible command run
/// for real (small shell scripts standing in for sendmail).
struct MailerTests {
    let sender = try! MailAddress("Orangerie <no-reply@orangerie.example>")
    let date = Date(timeIntervalSince1970: 1_751_360_700)  // Tue, 01 Jul 2025 09:05:00 UTC

    @Test func aMessageIsRFC5322TextWithCRLFLineEndings() throws {
        let message = try MailMessage(to: "alice@example.com", subject: "Verify your e-mail address", body: "Hello Alice,\nopen the link.")
        let text = message.rendered(from: sender, messageID: "abc@orangerie.example", date: date)
        #expect(
            text == """
                From: Orangerie <no-reply@orangerie.example>\r
                To: alice@example.com\r
                Subject: Verify your e-mail address\r
                Date: Tue, 01 Jul 2025 09:05:00 +0000\r
                Message-ID: <abc@orangerie.example>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Hello Alice,\r
                open the link.\r

                """)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test func aSubjectOrNameOutsideASCIIIsEncodedWords() throws {
        let french = try MailAddress("Orangerie Développeurs <no-reply@orangerie.example>")
        let subject = "Vérifiez votre adresse e-mail pour le portail des développeurs d'Orangerie ✓"
        let message = try MailMessage(to: "alice@example.com", subject: subject, body: "")
        let text = message.rendered(from: french, messageID: "abc@orangerie.example", date: date)
        let header = try #require(text.components(separatedBy: "\r\n\r\n").first)
        #expect(header.contains("From: =?utf-8?B?" + Data("Orangerie Développeurs".utf8).base64EncodedString() + "?= <no-reply@orangerie.example>"))
        // Folded into encoded-words of at most 75 characters, each a whole number of characters.
        let subjectLines = header.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Date:") }
        #expect(subjectLines.count > 1)
        let words = subjectLines.map { $0.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces) }
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }
        #expect(decoded.joined() == subject)
    }

    @Test func theBodyIsQuotedPrintableInShortASCIILines() async throws {
        let link = "https://127.0.0.1:8080/portal/verify?token=" + String(repeating: "A", count: 120)
        let body = "Bienvenue, Élodie !\n.\nOpen: \(link)\ntrailing space \nx = y"
        let text = try MailMessage(to: "elodie@example.com", subject: "Welcome", body: body)
            .rendered(from: sender, messageID: "abc@orangerie.example", date: date)
        let encoded = try #require(text.components(separatedBy: "\r\n\r\n").dropFirst().first)
        #expect(encoded.hasPrefix("Bienvenue, =C3=89lodie !\r\n=2E\r\n"))  // a lone dot cannot end the message early
        #expect(encoded.contains("trailing space=20\r\nx =3D y"))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 && $0.utf8.allSatisfy { $0 < 128 } })
        let outbox = TemporaryDirectory().path
        try await DirectoryOutbox(directory: outbox, from: sender).send(try MailMessage(to: "elodie@example.com", subject: "Welcome", body: body))
        let received = try #require(try Outbox(directory: outbox).messages(to: "elodie@example.com").first)
        #expect(received.body == body + "\n")
        #expect(received.link == link)
    }

    @Test(arguments: [
        ("alice@example.com\r\nBcc: eve@example.com", "Hello"),
        ("alice@example.com\nBcc: eve@example.com", "Hello"),
        ("alice@example.com", "Hello\r\nBcc: eve@example.com"),
        ("alice@example.com", "Hello\nBcc: eve@example.com"),
        ("-oQ/tmp/x@example.com", "Hello"),  // an option of sendmail
        ("Eve <eve@example.com>", "Hello"),
        ("alice@example.com, eve@example.com", "Hello"),
        ("not an address", "Hello"),
    ])
    func headerInjectionAndOptionsAreRefused(to: String, subject: String) {
        #expect(throws: InvalidInput.self) { try MailMessage(to: to, subject: subject, body: "") }
    }

    @Test func aSenderWithALineBreakOrAnOptionIsRefused() {
        for from in ["Orangerie <no-reply@example.com>\r\nBcc: eve@example.com", "Orangerie\r\nBcc: eve@example.com <a@example.com>", "-f@example.com"] {
            #expect(throws: InvalidInput.self) { try MailAddress(from) }
            var configuration = testConfiguration()
            configuration.mail.from = from
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
        }
        #expect(throws: InvalidInput.self) { try Validation.email("-oQ@example.com") }
    }

    @Test func theOutboxWritesOneReadableFilePerMessageForItsUserAlone() async throws {
        let directory = TemporaryDirectory().path + "/mail/outbox"
        let outbox = DirectoryOutbox(directory: directory, from: sender)
        try await outbox.send(try MailMessage(to: "alice@example.com", subject: "First", body: "one"))
        try await outbox.send(try MailMessage(to: "bob@example.com", subject: "Vérification", body: "https://example.com/verify?t=1"))
        try await outbox.send(try MailMessage(to: "alice@example.com", subject: "Second", body: "two"))

        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 3)
        #expect(files.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
        #expect(try permissions(directory) == 0o700)
        for file in files { #expect(try permissions(directory + "/" + file) == 0o600) }

        let alice = try Outbox(directory: directory).messages(to: "alice@example.com")
        #expect(alice.map { $0.headers["Subject"] } == ["First", "Second"])
        let bob = try #require(try Outbox(directory: directory).messages(to: "bob@example.com").last)
        #expect(bob.headers["Subject"] == "Vérification")
        #expect(bob.headers["From"] == "Orangerie <no-reply@orangerie.example>")
        #expect(bob.link == "https://example.com/verify?t=1")
        #expect(bob.headers["Message-ID"]?.hasSuffix("@orangerie.example>") == true)
    }

    @Test func thePlatformWritesMailToAnOutboxBesideItsDatabaseByDefault() async throws {
        let configuration = testConfiguration()
        try await withAdministration(configuration) { platform in
            try await platform.mailer.send(try MailMessage(to: "alice@example.com", subject: "Hello", body: "Hi"))
        }
        #expect(Outbox(configuration).directory == configuration.database.argument + ".outbox")
        #expect(try Outbox(configuration).messages(to: "alice@example.com").first?.body == "Hi\n")
    }

    @Test func theMailCommandGetsTheMessageOnStandardInputAndNoAddressAsArgument() async throws {
        let directory = TemporaryDirectory().path + "/with space"
        let script = try makeScript(in: directory, "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/arguments\"\ncat > \"$(dirname \"$0\")/message.eml\"")
        let command = try SendmailCommand(commandLine: "'\(script)' -t -i", from: sender)
        try await command.send(try MailMessage(to: "alice@example.com", subject: "Hello", body: "Hi Alice"))

        #expect(try String(contentsOfFile: directory + "/arguments", encoding: .utf8) == "-t\n-i\n")
        let message = try String(contentsOfFile: directory + "/message.eml", encoding: .utf8)
        #expect(message.hasPrefix("From: Orangerie <no-reply@orangerie.example>\r\nTo: alice@example.com\r\nSubject: Hello\r\n"))
        #expect(message.hasSuffix("\r\n\r\nHi Alice\r\n"))
    }

    @Test func aFailingMailCommandSaysItsStatusAndFirstErrorLineButNotTheMessage() async throws {
        let script = try makeScript(
            in: TemporaryDirectory().path, "cat > /dev/null\necho 'sendmail: cannot reach the relay' >&2\necho 'second line' >&2\nexit 75")
        let command = try SendmailCommand(commandLine: script + " -t", from: sender)
        let error = await #expect(throws: MailCommandError.self) {
            try await command.send(try MailMessage(to: "alice@example.com", subject: "Secret link", body: "https://example.com/reset?token=s3cr3t"))
        }
        let description = try #require(error).description
        #expect(description.contains("exited with status 75: sendmail: cannot reach the relay"))
        #expect(!description.contains("second line"))
        #expect(!description.contains("s3cr3t"))
        #expect(!description.contains("Secret link"))
    }

    @Test func aMailCommandThatExitsWithoutReadingItsInputFails() async throws {
        let script = try makeScript(in: TemporaryDirectory().path, "exit 1")
        let command = try SendmailCommand(commandLine: script, from: sender)
        let body = String(repeating: "A line of a long message.\n", count: 20_000)  // more than a pipe holds
        await #expect(throws: MailCommandError.self) {
            try await command.send(try MailMessage(to: "alice@example.com", subject: "Long", body: body))
        }
    }

    @Test func aMailCommandStillRunningAfterItsTimeoutIsKilledWithWhatItStarted() async throws {
        let script = try makeScript(in: TemporaryDirectory().path, "sleep 60")  // sh waits for its child, sleep
        let command = try SendmailCommand(commandLine: script, from: sender, timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: MailCommandError.self) {
            try await command.send(try MailMessage(to: "alice@example.com", subject: "Hello", body: "Hi"))
        }
        #expect(error?.description.contains("was killed") == true)
        #expect(ContinuousClock.now - started < .seconds(30))  // sleep, which held its outputs, was killed too
    }

    @Test func theCommandLineIsSplitLikeAShellWithoutRunningOne() throws {
        #expect(try CommandLineWords.split("/usr/sbin/sendmail -t -i") == ["/usr/sbin/sendmail", "-t", "-i"])
        #expect(try CommandLineWords.split(#"msmtp  -a 'my account' "--from=a b" x\ y"#) == ["msmtp", "-a", "my account", "--from=a b", "x y"])
        for refused in ["sendmail -t | tee log", "sendmail -t > log", "sendmail $HOME", "'unbalanced", "   "] {
            #expect(throws: ConfigurationError.self) { try CommandLineWords.split(refused) }
        }
        #expect(throws: ConfigurationError.self) { try SendmailCommand(commandLine: "no-such-mail-command -t", from: sender) }
    }

    private func makeScript(in directory: String, _ body: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/fake-sendmail"
        try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
