import Foundation

/// A usage report's bars as an SVG drawn on the server (issue 13, item 2: no JavaScript chart library): one stacked
/// bar per period, successes at the bottom, then the upstream's client errors, its failures and the platform's
/// refusals; each bar's `<title>` says its figures, and the whole image has a text alternative. Scales with the page
/// (`viewBox`, width 100 %), so that it fits a phone.
struct UsageChart {
    let report: UsageReport
    let text: UsageText

    private static let width = 720.0
    private static let height = 220.0
    private static let plotTop = 16.0
    private static let plotBottom = 190.0
    private static let plotLeft = 48.0
    /// Class names of the four segments, bottom to top; the layout's style sheet colours them.
    private static let classes = ["ok", "client-error", "upstream-failure", "refused"]

    var svg: String {
        let bars = report.bars
        let highest = max(bars.map(\.calls).max() ?? 0, 1)
        let scale = Self.niceCeiling(highest)
        let slot = (Self.width - Self.plotLeft) / Double(bars.count)
        var svg = """
            <svg class="usage-chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" width="100%" role="img" \
            aria-label="\(HTMLText.escaped(text.chartSummary(calls: report.calls, window: report.window)))" xmlns="http://www.w3.org/2000/svg">
            <line class="axis" x1="\(Self.plotLeft)" y1="\(Self.plotBottom)" x2="\(Self.width)" y2="\(Self.plotBottom)"/>
            <text class="label" x="\(Self.plotLeft - 6)" y="\(Self.plotTop + 4)" text-anchor="end">\(scale)</text>
            <text class="label" x="\(Self.plotLeft - 6)" y="\(Self.plotBottom)" text-anchor="end">0</text>

            """
        for (index, bar) in bars.enumerated() {
            let x = Self.plotLeft + Double(index) * slot + slot * 0.15
            var y = Self.plotBottom
            svg += "<g><title>\(HTMLText.escaped(text.barTitle(bar, period: report.window.period)))</title>"
            for (count, name) in zip([bar.success, bar.clientError, bar.upstreamFailure, bar.refused], Self.classes) where count > 0 {
                let height = Double(count) / Double(scale) * (Self.plotBottom - Self.plotTop)
                y -= height
                svg += #"<rect class="\#(name)" x="\#(Self.format(x))" y="\#(Self.format(y))" width="\#(Self.format(slot * 0.7))" height="\#(Self.format(height))"/>"#
            }
            svg += "</g>\n"
            // The first, middle and last bars' periods; the first and last anchored inside the image.
            let anchor: String? =
                switch index {
                case 0: "start"
                case bars.count - 1: "end"
                case bars.count / 2: "middle"
                default: nil
                }
            if let anchor {
                let labelX = anchor == "start" ? x : anchor == "end" ? x + slot * 0.7 : x + slot * 0.35
                svg += """
                    <text class="label" x="\(Self.format(labelX))" y="\(Self.plotBottom + 18)" text-anchor="\(anchor)">\
                    \(HTMLText.escaped(text.barLabel(bar.start, period: report.window.period)))</text>

                    """
            }
        }
        return svg + "</svg>"
    }

    /// The smallest of 1, 2 or 5 times a power of ten at or above `value`: the top of the scale.
    static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while true {
            for step in [1, 2, 5] where step * power >= value { return step * power }
            power *= 10
        }
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
