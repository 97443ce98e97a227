/* The data block of a graphkit page (graph.html, review.html): JSON, or for large
 * data gzip-compressed JSON in base64 (render.encode_data) that the browser's
 * DecompressionStream unpacks. Inlined before each page's own script. */
var graphkitData = {
  unpack: function (text) {
    var raw = atob(text.trim()), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  },
  load: function (element) {
    if (element.getAttribute('data-encoding') !== 'gzip+base64') {
      return Promise.resolve(JSON.parse(element.textContent));
    }
    return graphkitData.unpack(element.textContent);
  }
};
