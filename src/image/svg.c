/*
 * svg.c - an SVG file parsed (libxml2, no entities, no network), cut down
 * to an allow-list of SVG elements and attributes (the copy both writers
 * use), then walked into the drawing of svg.h (svgwalk.c).
 *
 * Trust (docs/architecture.md): an SVG file is untrusted. libxml2 reads it
 * with XML_PARSE_NONET and without XML_PARSE_NOENT or XML_PARSE_DTDLOAD;
 * an entity declaration stops the parse at once (the SAX handler's
 * entityDecl, before any reference to it is expanded) and the file is
 * refused, so neither an external entity nor a billion laughs gets in
 * (docs/libraries.md, "libxml2"). What is kept: SVG's elements of drawing,
 * text, paint servers, clipping, masking, markers and filters; attributes
 * that are SVG's presentation and geometry; no script, no foreignObject, no
 * animation, no event attribute, no href but "#fragment" (and, on <image>,
 * a PNG or JPEG data: URL), no url() but url(#fragment), no @import.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "svgint.h"
#include "util/buf.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* ---- parsing ---- */

typedef struct {
	bool entity;          /* an entity was declared: the parse was stopped */
	char entity_name[64];
	int entity_line, entity_col;
	bool error;           /* libxml2's first error */
	char message[200];
	int line, col;
} parse_state;

static void on_error(void *user, xmlErrorPtr e)
{
	parse_state *ps = user;
	if (ps->error || e->level < XML_ERR_ERROR)
		return;
	ps->error = true;
	snprintf(ps->message, sizeof ps->message, "%s", e->message ? e->message : "malformed XML");
	/* libxml2's messages end with a new line and start in upper case;
	 * the house's diagnostics are one line in lower case */
	size_t n = strlen(ps->message);
	while (n && (ps->message[n - 1] == '\n' || ps->message[n - 1] == ' '))
		ps->message[--n] = 0;
	if (ps->message[0] >= 'A' && ps->message[0] <= 'Z' && !(ps->message[1] >= 'A' && ps->message[1] <= 'Z'))
		ps->message[0] = (char)(ps->message[0] + 32);
	ps->line = e->line;
	ps->col = e->int2;
}

/* The SAX handler's entityDecl: any entity declaration (general or
 * parameter, internal or external) stops the parse where it stands. */
static void no_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                      const xmlChar *system_id, xmlChar *content)
{
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	xmlParserCtxtPtr ctxt = ctx;
	parse_state *ps = ctxt->_private;
	if (!ps->entity) {
		ps->entity = true;
		snprintf(ps->entity_name, sizeof ps->entity_name, "%s", name ? (const char *)name : "");
		ps->entity_line = ctxt->input ? ctxt->input->line : 0;
		ps->entity_col = ctxt->input ? ctxt->input->col : 0;
	}
	xmlStopParser(ctxt);
}

static void no_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *public_id,
                               const xmlChar *system_id, const xmlChar *notation)
{
	(void)notation;
	no_entity(ctx, name, 0, public_id, system_id, NULL);
}

/* ---- the allow-lists ---- */

/* SVG 1.1's elements that are kept (in the SVG namespace): drawing, text,
 * structure, paint servers, clipping and masking, markers, filters. Not
 * kept: script, foreignObject, animation (it can set any attribute, an
 * href too), feImage (an href to anything), cursor, font, view, metadata
 * and everything in another namespace. "a" is kept as a "g" (its link
 * dropped). */
static const char *const kept_elements[] = {
	"svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "a", "path", "rect", "circle",
	"ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "image", "style",
	"linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "filter",
	"feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
	"feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feFlood", "feFuncA", "feFuncB",
	"feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
	"fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
};

/* Attributes without a namespace that are kept: geometry, presentation
 * (SVG 1.1 §6.4's list, less cursor), text, paint servers, filters. */
static const char *const kept_attributes[] = {
	"id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "x", "y", "x1", "y1", "x2",
	"y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height", "d", "points", "pathLength",
	"dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing",
	"alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
	"color-interpolation", "color-interpolation-filters", "color-profile", "color-rendering",
	"direction", "display", "dominant-baseline", "enable-background", "fill", "fill-opacity",
	"fill-rule", "filter", "flood-color", "flood-opacity", "font-family", "font-size",
	"font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
	"glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning",
	"letter-spacing", "lighting-color", "marker-end", "marker-mid", "marker-start", "mask", "opacity",
	"overflow", "pointer-events", "shape-rendering", "stop-color", "stop-opacity", "stroke",
	"stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
	"stroke-opacity", "stroke-width", "text-anchor", "text-decoration", "text-rendering",
	"unicode-bidi", "visibility", "word-spacing", "writing-mode", "offset", "gradientUnits",
	"gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform",
	"clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth", "markerHeight",
	"refX", "refY", "orient", "filterUnits", "primitiveUnits", "filterRes", "in", "in2", "result",
	"stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values", "type", "tableValues",
	"slope", "intercept", "amplitude", "exponent", "order", "kernelMatrix", "divisor", "bias",
	"targetX", "targetY", "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale",
	"diffuseConstant", "specularConstant", "specularExponent", "azimuth", "elevation", "z",
	"pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "scale", "xChannelSelector",
	"yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles", "href",
	"media", "lang",
};

bool svg_in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

bool svg_starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Whether CSS or an attribute value refers to nothing outside the file:
 * every url( names a #fragment, and there is no @import, expression( or
 * javascript: (ASCII case ignored; CSS escapes are refused outright, so
 * that "u\72l(" cannot spell url). */
static bool css_is_safe(const char *s)
{
	for (const char *p = s; *p; p++) {
		char c = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		if (c == '\\')
			return false;
		if (c == '@' && strncasecmp(p, "@import", 7) == 0)
			return false;
		if ((c == 'e' && strncasecmp(p, "expression(", 11) == 0) ||
		    (c == 'j' && strncasecmp(p, "javascript:", 11) == 0))
			return false;
		if (c == 'u' && strncasecmp(p, "url(", 4) == 0) {
			const char *q = p + 4;
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '"' || *q == '\'')
				q++;
			if (*q != '#')
				return false;
		}
	}
	return true;
}

/* An attribute's value: its text children joined (entities are never
 * declared, so there are only text nodes); malloc'ed by libxml2. */
static char *attr_value(xmlAttr *a)
{
	return (char *)xmlNodeListGetString(a->doc, a->children, 1);
}

static bool attr_kept(const xmlNode *el, xmlAttr *a)
{
	const char *name = (const char *)a->name;
	const char *ns = a->ns ? (const char *)a->ns->href : NULL;
	bool href = false;
	if (ns && strcmp(ns, XML_NS) == 0)
		return strcmp(name, "space") == 0 || strcmp(name, "lang") == 0;
	if (ns && strcmp(ns, XLINK_NS) == 0) {
		if (strcmp(name, "href") != 0)
			return false;
		href = true;
	} else if (ns) {
		return false;
	} else if (!svg_in_list(kept_attributes, sizeof kept_attributes / sizeof *kept_attributes, name)) {
		return false; /* on* event attributes among the rest */
	} else {
		href = strcmp(name, "href") == 0;
	}
	/* the elements an href means something on (SVG 1.1's xlink:href);
	 * on an <a>, which becomes a <g>, the link goes */
	static const char *const linking[] = {"use", "image", "textPath", "linearGradient", "radialGradient",
	                                      "pattern", "filter"};
	if (href && !svg_in_list(linking, sizeof linking / sizeof *linking, (const char *)el->name))
		return false;
	char *v = attr_value(a);
	bool ok = v != NULL;
	if (ok && href) {
		const char *p = v;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (strcmp((const char *)el->name, "image") == 0)
			/* a picture inside the file: only as data, and only the
			 * formats every reading system shows */
			ok = svg_starts_with(p, "data:image/png;base64,") || svg_starts_with(p, "data:image/jpeg;base64,");
		else
			ok = p[0] == '#';
		ok = ok && !strchr(p, '\\');
	} else if (ok) {
		ok = css_is_safe(v);
	}
	xmlFree(v);
	return ok;
}

void svg_limit_error(svg_sanitizer *z, const xmlNode *n, const char *what)
{
	if (z->failed)
		return;
	z->failed = true;
	ov_diag_error(z->diag, z->ref, "image '%s' is too complex: %s", z->shown, what);
	ov_pos at = {ov_diag_file(z->diag, z->file), (uint32_t)xmlGetLineNo(n), 0};
	if (at.line > 0)
		ov_diag_note(z->diag, at, "the limit is passed here");
}

static void drop(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Cuts the children of n down to what is kept (see the top of the file). */
static void clean_children(svg_sanitizer *z, xmlNode *n, unsigned depth)
{
	xmlNode *next;
	for (xmlNode *c = n->children; c && !z->failed; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			continue;
		if (c->type != XML_ELEMENT_NODE || !c->ns || strcmp((const char *)c->ns->href, SVG_NS) != 0 ||
		    !svg_in_list(kept_elements, sizeof kept_elements / sizeof *kept_elements, (const char *)c->name)) {
			drop(c);
			continue;
		}
		if (++z->elements > OV_SVG_MAX_ELEMENTS) {
			svg_limit_error(z, c, "more than 100000 elements");
			return;
		}
		if (depth + 1 > OV_SVG_MAX_DEPTH) {
			svg_limit_error(z, c, "elements nested more than 128 deep");
			return;
		}
		xmlAttr *anext;
		for (xmlAttr *a = c->properties; a; a = anext) {
			anext = a->next;
			if (!attr_kept(c, a))
				xmlRemoveProp(a);
		}
		if (strcmp((const char *)c->name, "a") == 0)
			xmlNodeSetName(c, (const xmlChar *)"g");
		if (strcmp((const char *)c->name, "style") == 0) {
			char *css = (char *)xmlNodeGetContent(c);
			bool ok = css && css_is_safe(css);
			xmlFree(css);
			if (!ok) {
				drop(c);
				continue;
			}
		}
		clean_children(z, c, depth + 1);
	}
}

/* ---- writing the sanitised copy ---- */

static void esc(ov_buf *b, const char *s, bool attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': ov_buf_puts(b, "&amp;"); break;
		case '<': ov_buf_puts(b, "&lt;"); break;
		case '>': ov_buf_puts(b, "&gt;"); break;
		case '"': ov_buf_puts(b, attr ? "&quot;" : "\""); break;
		case '\t': ov_buf_puts(b, attr ? "&#9;" : "\t"); break;
		case '\n': ov_buf_puts(b, attr ? "&#10;" : "\n"); break;
		case '\r': ov_buf_puts(b, "&#13;"); break;
		default: ov_buf_putc(b, *s);
		}
	}
}

static void write_element(ov_buf *b, const xmlNode *n, bool root)
{
	ov_buf_putc(b, '<');
	ov_buf_puts(b, (const char *)n->name);
	if (root)
		ov_buf_puts(b, " xmlns=\"" SVG_NS "\" xmlns:xlink=\"" XLINK_NS "\"");
	for (xmlAttr *a = n->properties; a; a = a->next) {
		ov_buf_putc(b, ' ');
		if (a->ns && strcmp((const char *)a->ns->href, XLINK_NS) == 0)
			ov_buf_puts(b, "xlink:");
		else if (a->ns)
			ov_buf_puts(b, "xml:");
		ov_buf_puts(b, (const char *)a->name);
		ov_buf_puts(b, "=\"");
		char *v = attr_value(a);
		esc(b, v ? v : "", true);
		xmlFree(v);
		ov_buf_putc(b, '"');
	}
	if (!n->children) {
		ov_buf_puts(b, "/>");
		return;
	}
	ov_buf_putc(b, '>');
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			write_element(b, c, false);
		else if (c->content)
			esc(b, (const char *)c->content, false);
	}
	ov_buf_puts(b, "</");
	ov_buf_puts(b, (const char *)n->name);
	ov_buf_putc(b, '>');
}

ov_svg *ov_svg_parse(ov_arena *arena, const uint8_t *data, size_t len, ov_diag *diag, ov_pos ref,
                     const char *shown, const char *file)
{
	if (len > OV_SVG_MAX_BYTES) {
		ov_diag_error(diag, ref, "image '%s' is too large (%zu bytes; the limit for an SVG file is %u bytes)",
		              shown, len, OV_SVG_MAX_BYTES);
		return NULL;
	}
	static bool ready;
	if (!ready) { /* the passes run on one thread */
		xmlInitParser();
		ready = true;
	}
	parse_state ps;
	memset(&ps, 0, sizeof ps);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		ov_oom();
	ctxt->_private = &ps;
	ctxt->sax->entityDecl = no_entity;
	ctxt->sax->unparsedEntityDecl = no_unparsed_entity;
	xmlSetStructuredErrorFunc(&ps, on_error);
	/* no network, no DTD loaded, no entity substituted; CDATA as text */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, NULL, NULL,
	                                  XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	bool wf = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	uint32_t fid = ov_diag_file(diag, file);
	if (ps.entity) {
		ov_diag_error(diag, ref,
		              "image '%s' declares an XML entity ('%s'): SVG files with entity declarations are "
		              "refused, as nothing outside the file may be read",
		              shown, ps.entity_name);
		ov_diag_note(diag, (ov_pos){fid, (uint32_t)ps.entity_line, (uint32_t)ps.entity_col},
		             "the entity is declared here");
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!doc || !wf || ps.error) {
		ov_diag_error(diag, ref, "image '%s' is a damaged SVG file: %s", shown,
		              ps.error ? ps.message : "it is not well-formed XML");
		if (ps.line > 0)
			ov_diag_note(diag, (ov_pos){fid, (uint32_t)ps.line, (uint32_t)(ps.col > 0 ? ps.col : 0)},
			             "the SVG file's problem is here");
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "svg") != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, SVG_NS) != 0) {
		ov_diag_error(diag, ref,
		              "image '%s' is not an SVG file: its root element is not svg in the SVG namespace "
		              "(xmlns=\"" SVG_NS "\")",
		              shown);
		xmlFreeDoc(doc);
		return NULL;
	}
	svg_sanitizer z = {diag, ref, shown, file, 1, false};
	xmlAttr *anext;
	for (xmlAttr *a = root->properties; a; a = anext) {
		anext = a->next;
		if (!attr_kept(root, a))
			xmlRemoveProp(a);
	}
	clean_children(&z, root, 1);
	if (z.failed) {
		xmlFreeDoc(doc);
		return NULL;
	}
	ov_svg *s = ov_arena_calloc(arena, 1, sizeof *s);
	ov_buf out = OV_BUF_INIT;
	ov_buf_puts(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	write_element(&out, root, true);
	ov_buf_putc(&out, '\n');
	s->clean = (const uint8_t *)ov_arena_strndup(arena, out.ptr, out.len);
	s->clean_len = out.len;
	ov_buf_dispose(&out);

	svg_draw(arena, &z, root, s);
	xmlFreeDoc(doc);
	if (z.failed)
		return NULL;
	if (s->width > OV_SVG_MAX_SIZE || s->height > OV_SVG_MAX_SIZE) {
		ov_diag_error(diag, ref, "image '%s' is too large (%.0fx%.0f pixels; the limit for an SVG is %.0f "
		              "pixels a side)", shown, s->width, s->height, OV_SVG_MAX_SIZE);
		return NULL;
	}
	return s;
}
