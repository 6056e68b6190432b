//! The furniture of a real China Daily page (channel menus, rails of other
//! headlines with pictures, footer link lists, analytics scripts) to wrap
//! around an article, so that benchmarks read pages of a real page's size
//! (about 44 KB) and shape. Shared by the import and hostile-page benchmarks.

/// The site's channels, for menus and footer lists.
const CHANNELS: [&str; 12] = [
    "World",
    "China",
    "Business",
    "Lifestyle",
    "Culture",
    "Travel",
    "Sports",
    "Opinion",
    "Regional",
    "Photo",
    "Video",
    "Special",
];
/// Words for the headlines of the rails.
const WORDS: [&str; 16] = [
    "river",
    "festival",
    "railway",
    "harvest",
    "museum",
    "village",
    "market",
    "students",
    "bridge",
    "exhibition",
    "coast",
    "library",
    "orchard",
    "marathon",
    "lantern",
    "workshop",
];

/// Wraps a page's article in the furniture of a real China Daily page:
/// channel menus, rails of other headlines with pictures, footer link
/// lists and scripts; deterministic in `seed`.
pub fn furnish(html: &str, seed: usize) -> String {
    let headline = |k: usize| {
        let w = |j: usize| WORDS[(seed + k * 7 + j * 3) % WORDS.len()];
        format!(
            "New {} brings {} and {} to the {} this winter",
            w(0),
            w(1),
            w(2),
            w(3)
        )
    };
    let mut head = String::from("<div class=\"header\"><div class=\"nav\"><ul class=\"dropdown\">");
    for (c, channel) in CHANNELS.iter().enumerate() {
        let slug = channel.to_lowercase();
        head.push_str(&format!(
            "<li class=\"dropdown-item\"><a href=\"https://www.chinadaily.com.cn/{slug}\" target=\"_top\">{channel}</a><ul class=\"sub\">"
        ));
        for k in 0..10 {
            head.push_str(&format!(
                "<li><a href=\"https://www.chinadaily.com.cn/{slug}/sub{k}\" target=\"_top\" shape=\"rect\">{} {}</a></li>",
                WORDS[(c + k) % WORDS.len()],
                k + 1
            ));
        }
        head.push_str("</ul></li>");
    }
    head.push_str("</ul></div><div class=\"search\"><form action=\"https://newssearch.chinadaily.com.cn/en/search\"><input type=\"text\" name=\"query\"><button>Search</button></form></div></div>");
    let mut rail = String::from("<div class=\"mai_r\">");
    for (b, title) in [
        "Most Viewed in 24 Hours",
        "Editor's Picks",
        "Top News",
        "In Pictures",
    ]
    .iter()
    .enumerate()
    {
        rail.push_str(&format!("<div class=\"mb10 box{b}\"><h3>{title}</h3><ul>"));
        for k in 0..10 {
            rail.push_str(&format!(
                "<li><a href=\"https://www.chinadaily.com.cn/a/202611/{:02}/WS{:024x}.html\" target=\"_blank\"><img src=\"//img2.chinadaily.com.cn/images/202611/{:02}/{:024x}.jpeg\" width=\"140\" height=\"80\"></a><p><a href=\"#\">{}</a></p></li>",
                1 + k % 28, seed * 97 + b * 10 + k, 1 + k % 28, seed * 89 + b * 10 + k, headline(b * 10 + k)
            ));
        }
        rail.push_str("</ul></div>");
    }
    rail.push_str("</div>");
    let mut foot = String::from("<div class=\"dibu-one\">");
    for channel in CHANNELS {
        foot.push_str(&format!("<dl><dt>{channel}</dt>"));
        for (k, word) in WORDS.iter().take(6).enumerate() {
            let slug = channel.to_lowercase();
            foot.push_str(&format!(
                "<dd><a href=\"https://www.chinadaily.com.cn/{slug}/{k}\">{word} {k}</a></dd>"
            ));
        }
        foot.push_str("</dl>");
    }
    foot.push_str("</div>");
    let mut scripts = String::new();
    for k in 0..6 {
        scripts.push_str("<script type=\"text/javascript\">var _cfg = {");
        for j in 0..40 {
            scripts.push_str(&format!("\"key_{k}_{j}\": \"value-{}-{j}\", ", seed + k));
        }
        scripts.push_str("};\nfunction track(e){ if (window._czc) { _czc.push([\"_trackEvent\", e]); } }</script>");
    }
    let body_open = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let body_close = html.rfind("</body>").unwrap_or(html.len());
    format!(
        "{}{head}{}{rail}{foot}{scripts}{}",
        &html[..body_open],
        &html[body_open..body_close],
        &html[body_close..]
    )
}
