/**
 * The HTML report of a sweep: one self-contained file (inline CSS and JavaScript, no network, works from
 * {@code file://}) with an overview in pictures, a sortable and filterable table of endpoints, and each
 * endpoint's full detail. Everything that came from a server is text, never markup.
 *
 * <p>Entry point: {@link dev.tlsweep.core.render.html.HtmlReport#write}.
 */
package dev.tlsweep.core.render.html;
