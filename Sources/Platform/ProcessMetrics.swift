import Foundation
import Metrics
import PlatformServices

/// The process's own gauges (issue 14, item 1), sampled at each scrape: resident memory, open file descriptors,
/// uptime, and the build's version as `orangerie_build_info{version}` 1. Neither swift-metrics 2.13 nor
/// swift-prometheus 2.4 collects process metrics (swift-metrics-extras' `SystemMetrics` does; it is not among our
/// dependencies), so they are read from Linux's `/proc/self`; elsewhere the memory and descriptor gauges stay 0.
struct ProcessMetrics: Sendable {
    private let residentMemory: Meter
    private let openFileDescriptors: Meter
    private let uptime: Meter
    private let started = ContinuousClock.now

    init(metrics: PlatformMetrics, version: String) {
        residentMemory = metrics.gauge("orangerie_process_resident_memory_bytes")
        openFileDescriptors = metrics.gauge("orangerie_process_open_fds")
        uptime = metrics.gauge("orangerie_process_uptime_seconds")
        metrics.gauge("orangerie_build_info", [("version", version)]).set(1)
    }

    func sample() {
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        uptime.set(Double(seconds) + Double(attoseconds) / 1e18)
        // statm: size resident shared text lib data dt, in pages (proc(5)).
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        {
            residentMemory.set(pages * sysconf(Int32(_SC_PAGESIZE)))
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFileDescriptors.set(descriptors.count)
        }
    }
}
