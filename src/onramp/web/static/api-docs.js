// Starts Swagger UI (served from the fastapi-offline wheel) on the API page; no CDN.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: false, // a deep link is a link inside a button, which screen readers cannot reach
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
  });
});
