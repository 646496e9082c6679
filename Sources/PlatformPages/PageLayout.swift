/// The one layout of every page of the platform (issue 5's login, consent and account pages; issue 12's portal):
/// one stylesheet, inline under the page's nonce, readable on a phone (`viewport`, wrapping actions, tables that
/// scroll on their own), with visible focus and AA contrast. Blocks: `title`, `navigation`, `content`, `script`.
package enum PageLayout {
    package static let template = """
        <!DOCTYPE html>
        <html lang="{{text.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{$title}}Orangerie{{/title}}</title>
        <style nonce="{{nonce}}">
        :root { color-scheme: light; --accent: #ff7900; --ink: #1a1a1a; --muted: #595959; --line: #d6d6d6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
          color: var(--ink); background: #f4f4f4; }
        main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-top: 6px solid var(--accent);
          box-shadow: 0 1px 4px rgba(0,0,0,.12); }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        p { margin: 0 0 1rem; }
        .muted { color: var(--muted); font-size: .9rem; }
        label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
        input[type=text], input[type=password] { width: 100%; padding: .6rem; font: inherit; border: 1px solid #8f8f8f; }
        input:focus, button:focus { outline: 3px solid #527edb; outline-offset: 1px; }
        .error { background: #fbe9e9; border-left: 4px solid #cd3c14; padding: .6rem .8rem; margin: 0 0 1rem; }
        ul.scopes { list-style: none; padding: 0; margin: 0 0 1rem; }
        ul.scopes li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
        ul.scopes label { display: inline; font-weight: normal; margin: 0; }
        .actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
        button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; border: 2px solid var(--ink); background: #fff;
          cursor: pointer; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #000; }
        table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
        td { padding: .5rem .25rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        body.popup main { margin: 0; max-width: 450px; min-height: 500px; box-shadow: none; }
        body.touch { font-size: 18px; }
        body.touch input[type=text], body.touch input[type=password], body.touch button { padding: .9rem; width: 100%; }
        body.touch main { margin: 1rem auto; }
        body.wap main { margin: 0; padding: .5rem; max-width: none; box-shadow: none; border-top-width: 3px; }
        body.wap h1 { font-size: 1.1rem; }
        body.wide main { max-width: 60rem; margin: 1.5rem auto; }
        nav.portal { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem 0; display: flex; gap: 1rem; flex-wrap: wrap;
          align-items: baseline; }
        nav.portal a { color: var(--ink); font-weight: 600; }
        nav.portal .brand { color: #000; text-decoration: none; font-size: 1.1rem; margin-right: auto; }
        nav.portal form { display: inline; }
        nav.portal button { padding: .2rem .6rem; }
        a { color: #0b57d0; }
        a:focus { outline: 3px solid #527edb; outline-offset: 1px; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
        textarea { width: 100%; padding: .6rem; font: inherit; border: 1px solid #8f8f8f; min-height: 5rem; }
        input[type=email] { width: 100%; padding: .6rem; font: inherit; border: 1px solid #8f8f8f; }
        textarea:focus, input[type=email]:focus, input[type=checkbox]:focus { outline: 3px solid #527edb; outline-offset: 1px; }
        code, .secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem;
          overflow-wrap: anywhere; }
        .secret { display: block; background: #f4f4f4; padding: .5rem; margin: .25rem 0 .5rem; }
        .notice { background: #e8f1fc; border-left: 4px solid #527edb; padding: .6rem .8rem; margin: 0 0 1rem; }
        .tabs { display: flex; gap: .25rem; flex-wrap: wrap; margin: 0 0 1rem; padding: 0; list-style: none;
          border-bottom: 1px solid var(--line); }
        .tabs a { display: block; padding: .4rem .8rem; text-decoration: none; color: var(--ink); }
        .tabs a[aria-current=page] { border-bottom: 3px solid var(--accent); font-weight: 600; }
        th { text-align: left; padding: .5rem .25rem; border-bottom: 2px solid var(--line); }
        .table-scroll { overflow-x: auto; }
        select { font: inherit; padding: .5rem; border: 1px solid #8f8f8f; max-width: 100%; }
        select:focus { outline: 3px solid #527edb; outline-offset: 1px; }
        label.inline { display: inline; font-weight: normal; margin: 0; }
        pre { white-space: pre-wrap; overflow-x: auto; }
        section.operation { border-top: 1px solid var(--line); padding-top: .5rem; }
        h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
        .status { font-size: .85rem; padding: .1rem .4rem; border: 1px solid var(--line); white-space: nowrap; }
        figure.usage { margin: 0 0 1rem; }
        .usage-chart { display: block; height: auto; }
        .usage-chart .axis { stroke: var(--muted); }
        .usage-chart .label { font-size: 12px; fill: var(--muted); }
        .ok { fill: #32a852; } .client-error { fill: #ffb400; } .upstream-failure { fill: #cd3c14; } .refused { fill: #4170d8; }
        .legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; color: var(--muted); }
        .legend span::before { content: ""; display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem;
          vertical-align: -1px; }
        .legend .ok::before { background: #32a852; } .legend .client-error::before { background: #ffb400; }
        .legend .upstream-failure::before { background: #cd3c14; } .legend .refused::before { background: #4170d8; }
        dl.figures { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin: 0 0 1rem; }
        dl.figures dt { font-size: .85rem; color: var(--muted); } dl.figures dd { margin: 0; font-size: 1.2rem; font-weight: 600; }
        meter { width: 100%; max-width: 24rem; height: 1.2rem; }
        </style>
        </head>
        <body class="{{bodyClass}}">
        {{$navigation}}{{/navigation}}
        <main>
        {{$content}}{{/content}}
        </main>
        {{$script}}{{/script}}
        </body>
        </html>
        """

}
