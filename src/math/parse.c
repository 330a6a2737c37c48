/*
 * parse.c - TeX math source -> a math list of noads (The TeXbook,
 * chapters 17 and 26, and Appendix G's noad kinds; LaTeX and amsmath for
 * \frac, environments, \operatorname ...).
 *
 * The source is cut into tokens once (lex.c) and kept on a stack, next
 * token on top. A macro use is replaced on the stack by its body with the
 * arguments put in (macros.c holds the definitions); the body's tokens
 * carry the offset of the use (the outermost one when uses nest), so a
 * problem inside an expansion is reported where the macro is written,
 * while the tokens of an argument keep their own offsets. Expansions and
 * the tokens they add are counted against OV_MATH_MAX_EXPANSIONS and
 * OV_MATH_MAX_TOKENS: the work is linear in the source plus those bounds.
 *
 * The grammar is recursive descent; every nested item goes through
 * item(), which counts the nesting against OV_MATH_MAX_DEPTH, so the C
 * stack stays bounded. Errors are messages at byte offsets; parsing goes
 * on where recovery is sensible, and stops at the limits.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/internal.h"
#include "math/parser.h"
#include "util/utf8.h"

/* ---- messages ---- */

void ov_mp_msg(P *p, uint32_t off, int sev, const char *fmt, ...)
{
	if (p->stop)
		return;
	ov_math *m = p->m;
	if (sev == 2)
		m->ok = false;
	ov_math_msg *x;
	if (m->msg_count == OV_MATH_MAX_MSGS) {
		m->msg_dropped++;
		/* an error takes the place of the last warning kept: a formula that
		 * is not ok always says why */
		size_t k = OV_MATH_MAX_MSGS;
		while (sev == OV_MP_ERR && k > 0 && m->msgs[k - 1].error)
			k--;
		if (sev != OV_MP_ERR || k == 0)
			return;
		x = &m->msgs[k - 1];
	} else {
		x = &m->msgs[m->msg_count++];
	}
	x->off = off;
	x->error = sev == 2;
	x->note = sev == 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->text, sizeof x->text, fmt, ap);
	va_end(ap);
}

void ov_mp_fatal(P *p, uint32_t off, const char *text)
{
	ov_mp_msg(p, off, OV_MP_ERR, "%s", text);
	p->stop = true;
}

/* ---- tokens ---- */

void ov_mp_unget(P *p, ov_mtok t)
{
	if (p->sn == p->scap) {
		p->scap = p->scap ? p->scap * 2 : 64;
		p->stk = ov_xrealloc(p->stk, p->scap * sizeof *p->stk);
	}
	p->stk[p->sn++] = t;
}

static ov_mtok raw(P *p)
{
	if (p->stop || !p->sn)
		return (ov_mtok){.type = OV_MT_EOF, .off = (uint32_t)p->m->len};
	return p->stk[--p->sn];
}

/* Looks t up as a macro and as a command, remembering the answer for
 * the next question about the same name (forgotten at each definition). */
static void resolve(P *p, const ov_mtok *t)
{
	if (p->cname && p->cname == t->name && p->cnlen == t->nlen)
		return;
	p->cname = t->name;
	p->cnlen = t->nlen;
	p->cmac = p->macros ? ov_math_macro_find(p->macros, t->name, t->nlen) : NULL;
	p->csym = p->cmac ? p->cmac->let : ov_math_sym(t->name, t->nlen);
}

static const ov_mmacro *macro_of(P *p, const ov_mtok *t)
{
	if (t->type != OV_MT_CS || !p->macros)
		return NULL;
	resolve(p, t);
	return p->cmac;
}

/* The command a control sequence stands for (a \let counts), or NULL. */
const ov_msym *ov_mp_command(P *p, const ov_mtok *t)
{
	if (t->type != OV_MT_CS)
		return NULL;
	resolve(p, t);
	return p->csym;
}

static void argpush(P *p, ov_mtok t)
{
	if (p->argn == p->argcap) {
		p->argcap = p->argcap ? p->argcap * 2 : 64;
		p->argbuf = ov_xrealloc(p->argbuf, p->argcap * sizeof *p->argbuf);
	}
	p->argbuf[p->argn++] = t;
}

/* Reads an optional argument, after its '[', onto argbuf: the tokens up
 * to the ']' outside braces (LaTeX's \newcommand default; a ']' inside
 * braces belongs to the argument), or to the end of the formula. */
static void bracket_arg(P *p)
{
	long depth = 0;
	for (;;) {
		ov_mtok v = raw(p);
		if (v.type == OV_MT_EOF)
			break;
		if (is_char(&v, '{'))
			depth++;
		else if (is_char(&v, '}'))
			depth--;
		else if (is_char(&v, ']') && depth == 0)
			break;
		argpush(p, v);
	}
}

/* Reads an undelimited macro argument onto argbuf (TeXbook p. 201: one
 * token, or the tokens of a group without its braces). */
static bool read_arg(P *p)
{
	ov_mtok t = raw(p);
	while (t.type == OV_MT_SPACE)
		t = raw(p);
	if (t.type == OV_MT_EOF || is_char(&t, '}')) {
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		return false;
	}
	if (!is_char(&t, '{')) {
		argpush(p, t);
		return true;
	}
	long depth = 0;
	for (;;) {
		ov_mtok u = raw(p);
		if (u.type == OV_MT_EOF)
			return false;
		if (is_char(&u, '{'))
			depth++;
		else if (is_char(&u, '}') && depth-- == 0)
			return true;
		argpush(p, u);
	}
}

/* Replaces the use t of macro mac by its body. */
static void expand(P *p, ov_mtok t, const ov_mmacro *mac)
{
	if (++p->expansions > OV_MATH_MAX_EXPANSIONS) {
		char text[120];
		snprintf(text, sizeof text, "macro expansion limit exceeded (more than %d expansions; a recursive "
		         "macro?)", OV_MATH_MAX_EXPANSIONS);
		ov_mp_fatal(p, t.off, text);
		return;
	}
	size_t start[OV_MATH_MAX_PARAMS + 1], end[OV_MATH_MAX_PARAMS + 1];
	p->argn = 0;
	for (int i = 0; i < mac->params; i++) {
		start[i] = p->argn;
		if (i == 0 && mac->has_opt) {
			ov_mtok u = raw(p);
			while (u.type == OV_MT_SPACE)
				u = raw(p);
			if (is_char(&u, '[')) {
				bracket_arg(p);
			} else {
				ov_mp_unget(p, u);
				for (size_t k = 0; k < mac->opt_count; k++)
					argpush(p, mac->opt[k]);
			}
		} else if (!read_arg(p)) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)t.nlen, t.name);
		}
		end[i] = p->argn;
	}
	size_t grow = 0;
	for (size_t k = 0; k < mac->count; k++)
		grow += mac->body[k].type == OV_MT_PARAM ? end[mac->body[k].cp - 1] - start[mac->body[k].cp - 1] : 1;
	p->added += grow;
	if (p->added > OV_MATH_MAX_TOKENS) {
		char text[120];
		snprintf(text, sizeof text, "formula too long after macro expansion (more than %d tokens)",
		         OV_MATH_MAX_TOKENS);
		ov_mp_fatal(p, t.off, text);
		return;
	}
	for (size_t k = mac->count; k-- > 0;) {
		ov_mtok b = mac->body[k];
		if (b.type == OV_MT_PARAM) {
			for (size_t j = end[b.cp - 1]; j-- > start[b.cp - 1];)
				ov_mp_unget(p, p->argbuf[j]);
		} else {
			b.off = t.off;
			ov_mp_unget(p, b);
		}
	}
}

/* The next token with macros expanded. */
static ov_mtok next(P *p)
{
	for (;;) {
		ov_mtok t = raw(p);
		const ov_mmacro *mac = macro_of(p, &t);
		if (!mac || mac->let)
			return t;
		expand(p, t, mac);
	}
}

/* The next token that is not a space, expanded, left in place. */
ov_mtok ov_mp_peek(P *p)
{
	ov_mtok t = next(p);
	while (t.type == OV_MT_SPACE)
		t = next(p);
	if (t.type != OV_MT_EOF)
		ov_mp_unget(p, t);
	return t;
}

ov_mtok ov_mp_take(P *p)
{
	ov_mtok t = next(p);
	while (t.type == OV_MT_SPACE)
		t = next(p);
	return t;
}

/* ---- nodes ---- */

static void add(lst *l, ov_mnode *n)
{
	if (!n)
		return;
	if (l->tail)
		l->tail->next = n;
	else
		l->head = n;
	while (n->next)
		n = n->next;
	l->tail = n;
}

ov_mnode *ov_mp_node(P *p, ov_mkind kind, uint32_t off)
{
	ov_mnode *n = ov_arena_alloc(p->a, sizeof *n);
	n->kind = kind;
	n->cls = OV_MCLASS_ORD;
	n->off = off;
	return n;
}

/* Marks n's source range as ending at end (the offset after what it took). */
void ov_mp_span(P *p, ov_mnode *n, uint32_t end)
{
	(void)p;
	if (n && end > n->off)
		n->len = end - n->off;
}

static ov_mnode *atom(P *p, ov_mclass cls, uint32_t cp, uint32_t off)
{
	ov_mnode *n = ov_mp_node(p, OV_MN_ATOM, off);
	n->cls = cls;
	n->u.atom.cp = cp;
	n->u.atom.font = p->font == OV_MFONT_BOLDSYM ? OV_MFONT_BFIT : (ov_mfont)p->font;
	return n;
}

/* Where the source consumed so far ends: the offset of the next token. */
uint32_t ov_mp_here(P *p)
{
	return p->sn ? p->stk[p->sn - 1].off : (uint32_t)p->m->len;
}

/* The letters of text as upright ORD atoms (an operator's name); a space
 * becomes a thin space ("arg max"). */
static ov_mnode *letters(P *p, const char *text, uint32_t off, uint32_t len)
{
	lst l = {0};
	for (const char *s = text; *s; s++) {
		ov_mnode *n;
		if (*s == ' ') {
			n = ov_mp_node(p, OV_MN_SPACE, off);
			n->u.space.mu = 3;
		} else {
			n = atom(p, OV_MCLASS_ORD, (uint8_t)*s, off);
			n->u.atom.font = OV_MFONT_RM;
		}
		n->len = len;
		add(&l, n);
	}
	return l.head;
}

/* A list as one nucleus: itself when it is one ATOM without scripts,
 * else an ORD atom around it. */
ov_mnode *ov_mp_wrap(P *p, ov_mnode *list, uint32_t off)
{
	if (list && !list->next && list->kind == OV_MN_ATOM && !list->sup && !list->sub && !list->primes)
		return list;
	ov_mnode *n = ov_mp_node(p, OV_MN_ATOM, off);
	n->u.atom.list = list;
	return n;
}

/* ---- the grammar ---- */

static ov_mnode *item(P *p, lst *l);

static bool inside(P *p, int kind) { return p->open[kind] > 0; }
static int innermost(P *p) { return p->nctx ? p->ctx[p->nctx - 1] : OV_MCTX_TOP; }

/* The token that opens cmd's text argument, spaces skipped; false when
 * there is none (reported, and the token put back for the caller's list). */
static bool text_arg_start(P *p, const ov_mtok *cmd, ov_mtok *t)
{
	*t = raw(p);
	while (t->type == OV_MT_SPACE)
		*t = raw(p);
	if (t->type != OV_MT_EOF && !is_char(t, '}') && !is_char(t, '&'))
		return true;
	if (t->type != OV_MT_EOF)
		ov_mp_unget(p, *t);
	ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
	return false;
}

/* A group's text read without expansion, as it would print in a text
 * face (\text, \tag, \label ...): braces dropped, spaces collapsed,
 * escaped characters unescaped. The source bytes of the argument in
 * [*from, *to) when they are the formula's own, else *from == *to. */
char *ov_mp_text_arg(P *p, const ov_mtok *cmd, bool *ok, bool *dollar, uint32_t *from, uint32_t *to)
{
	ov_buf b = OV_BUF_INIT;
	ov_mtok t;
	*ok = true;
	if (from)
		*from = *to = 0;
	if (!text_arg_start(p, cmd, &t)) {
		*ok = false;
		return ov_arena_strdup(p->a, "");
	}
	bool group = is_char(&t, '{');
	uint32_t open = t.off;
	long depth = 0;
	bool space = false;
	for (;;) {
		ov_mtok u = group ? raw(p) : t;
		if (u.type == OV_MT_EOF) {
			ov_mp_msg(p, open, OV_MP_ERR, "missing '}'");
			*ok = false;
			break;
		}
		if (group && is_char(&u, '{')) {
			depth++;
			continue;
		}
		if (group && is_char(&u, '}')) {
			if (depth-- == 0) {
				if (from && u.off > open && (size_t)u.off < p->m->len && p->m->src[open] == '{' &&
				    p->m->src[u.off] == '}')
					*from = open + 1, *to = u.off;
				break;
			}
			continue;
		}
		char enc[8];
		int n = 0;
		if (u.type == OV_MT_SPACE || is_char(&u, '~')) {
			space = true; /* a run of spaces is one (TeXbook p. 47) */
		} else {
			if (space)
				ov_buf_putc(&b, ' ');
			space = false;
			if (u.type == OV_MT_CHAR) {
				if (u.cp == '$' && dollar)
					*dollar = true;
				n = ov_utf8_encode(u.cp, enc);
				ov_buf_put(&b, enc, (size_t)n);
			} else if (u.type == OV_MT_CS) {
				const ov_msym *s = ov_math_sym(u.name, u.nlen);
				if (u.nlen == 1 && strchr("%$#&_{} ,;:!", u.name[0])) {
					if (strchr(" ,;:", u.name[0]))
						space = true;
					else if (u.name[0] != '!')
						ov_buf_putc(&b, u.name[0]);
				} else if (s && s->kind == OV_MK_SYM && s->cp) {
					n = ov_utf8_encode(s->cp, enc);
					ov_buf_put(&b, enc, (size_t)n);
				} else if (s && s->kind == OV_MK_SPACE) {
					space = true;
				}
				/* \textbf \emph ... inside: their text is kept, the command dropped */
			}
		}
		if (!group)
			break;
	}
	if (space)
		ov_buf_putc(&b, ' ');
	char *r = ov_arena_strndup(p->a, b.ptr ? b.ptr : "", b.len);
	ov_buf_dispose(&b);
	return r;
}

/* A required math argument: a group's list, or one item. */
static ov_mnode *arg(P *p, const ov_mtok *cmd, bool *ok)
{
	ov_mtok t = ov_mp_peek(p);
	if (ok)
		*ok = true;
	if (t.type == OV_MT_EOF || is_char(&t, '}') || is_char(&t, '&') || is_char(&t, '^') || is_char(&t, '_')) {
		if (cmd->type == OV_MT_CS)
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		else
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '%c'", (char)cmd->cp);
		if (ok)
			*ok = false;
		return NULL;
	}
	const ov_msym *s = ov_mp_command(p, &t);
	if (s && (s->kind == OV_MK_END || s->kind == OV_MK_RIGHT || s->kind == OV_MK_MIDDLE || s->kind == OV_MK_CR)) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		if (ok)
			*ok = false;
		return NULL;
	}
	if (is_char(&t, '{')) {
		ov_mp_take(p);
		if (++p->level > OV_MATH_MAX_DEPTH) {
			ov_mp_fatal(p, t.off, "formula nested too deeply (more than " "64" " levels)");
			return NULL;
		}
		ov_mnode *l = ov_mp_list(p, OV_MCTX_GROUP);
		p->level--;
		ov_mtok c = ov_mp_take(p);
		if (!is_char(&c, '}')) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing '}'");
			if (c.type != OV_MT_EOF)
				ov_mp_unget(p, c);
		}
		return l;
	}
	lst l = {0};
	add(&l, item(p, &l));
	return l.head;
}

/* An optional math argument [..]; NULL when there is none (*given false). */
static ov_mnode *opt_arg(P *p, bool *given)
{
	ov_mtok t = ov_mp_peek(p);
	*given = false;
	if (!is_char(&t, '['))
		return NULL;
	ov_mp_take(p);
	*given = true;
	ov_mnode *l = ov_mp_list(p, OV_MCTX_OPT);
	ov_mtok c = ov_mp_take(p);
	if (!is_char(&c, ']')) {
		ov_mp_msg(p, t.off, OV_MP_ERR, "missing ']'");
		if (c.type != OV_MT_EOF)
			ov_mp_unget(p, c);
	}
	return l;
}

/* Skips an optional argument [..] without reading it. */
void ov_mp_skip_opt(P *p)
{
	ov_mtok t = ov_mp_peek(p);
	if (!is_char(&t, '['))
		return;
	ov_mp_take(p);
	for (;;) {
		ov_mtok u = ov_mp_take(p);
		if (u.type == OV_MT_EOF || is_char(&u, ']'))
			return;
	}
}

/* An optional argument [x] whose content is one of the letters of
 * allowed (\smash[t], \cfrac[l]): that letter, or 0 when there is none;
 * anything else is a warning and counts as none. */
static char option_letter(P *p, const ov_mtok *cmd, const char *allowed)
{
	ov_mtok t = ov_mp_peek(p);
	if (!is_char(&t, '['))
		return 0;
	ov_mp_take(p);
	char got = 0;
	bool bad = false;
	for (;;) {
		ov_mtok u = ov_mp_take(p);
		if (u.type == OV_MT_EOF) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing ']'");
			return 0;
		}
		if (is_char(&u, ']'))
			break;
		if (!got && !bad && u.type == OV_MT_CHAR && u.cp < 128 && u.cp && strchr(allowed, (int)u.cp))
			got = (char)u.cp;
		else
			bad = true;
	}
	if (bad || !got) {
		ov_mp_msg(p, t.off, OV_MP_WARN, "option of '\\%.*s' is not one of '%s' and is ignored", (int)cmd->nlen,
		          cmd->name, allowed);
		return 0;
	}
	return got;
}

/* A delimiter after \left \right \middle \big (TeXbook p. 146; '.' is
 * the null delimiter, 0). Returns false (reported) when there is none. */
static bool delimiter(P *p, const ov_mtok *cmd, uint32_t *cp)
{
	ov_mtok t = ov_mp_take(p);
	*cp = 0;
	if (t.type == OV_MT_CHAR) {
		switch (t.cp) {
		case '.': *cp = 0; return true;
		case '(': case ')': case '[': case ']': case '|': case '/':
			*cp = t.cp;
			return true;
		case '<': *cp = 0x27E8; return true;
		case '>': *cp = 0x27E9; return true;
		}
		if (t.cp >= 0x80) { /* typed directly: trust it */
			*cp = t.cp;
			return true;
		}
	} else if (t.type == OV_MT_CS) {
		const ov_msym *s = ov_mp_command(p, &t);
		if (s && s->kind == OV_MK_SYM && (s->arg & OV_MSYM_DELIM)) {
			*cp = s->cp;
			return true;
		}
	}
	if (t.type != OV_MT_EOF)
		ov_mp_unget(p, t);
	ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing delimiter after '\\%.*s'", (int)cmd->nlen, cmd->name);
	return false;
}

/* A dimension (TeXbook chapter 10: sign, decimal, unit) in 1/1000 em, or
 * in mu when *mu: 1em = 10pt (the body size the math font is scaled to is
 * not known here), 1ex = 0.431em, 18mu = 1em. Returns false when there is
 * none. */
static bool dimen(P *p, double *out, bool *mu)
{
	ov_mtok t = ov_mp_take(p);
	double sign = 1, v = 0, scale = 0;
	bool digits = false;
	while (is_char(&t, '-') || is_char(&t, '+') || t.type == OV_MT_SPACE) {
		if (is_char(&t, '-'))
			sign = -sign;
		t = next(p);
	}
	while (t.type == OV_MT_CHAR && ((t.cp >= '0' && t.cp <= '9') || t.cp == '.' || t.cp == ',')) {
		if (t.cp == '.' || t.cp == ',') {
			if (scale)
				break;
			scale = 1;
		} else {
			digits = true;
			if (scale)
				v += (t.cp - '0') * (scale /= 10);
			else if (v < 1e6)
				v = v * 10 + (t.cp - '0');
		}
		t = next(p);
	}
	while (t.type == OV_MT_SPACE)
		t = next(p);
	if (!digits)
		v = 1; /* "\hspace{em}": TeX reads a unit without digits as 1 */
	char u[3] = {0};
	if (t.type == OV_MT_CHAR && t.cp < 128) {
		ov_mtok t2 = next(p);
		if (t2.type == OV_MT_CHAR && t2.cp < 128) {
			u[0] = (char)t.cp;
			u[1] = (char)t2.cp;
		} else if (t2.type != OV_MT_EOF) {
			ov_mp_unget(p, t2);
		}
	}
	static const struct {
		const char *u;
		double em;
	} units[] = {{"em", 1000}, {"ex", 431}, {"pt", 100}, {"bp", 100.375}, {"pc", 1200}, {"mm", 284.528},
	             {"cm", 2845.28}, {"in", 7227}, {"px", 100.375}, {"mu", -1}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(u, units[i].u) == 0) {
			if (units[i].em < 0) {
				*mu = true;
				*out = sign * v;
			} else {
				*mu = false;
				*out = sign * v * units[i].em;
			}
			return true;
		}
	}
	if (u[0]) {
		ov_mp_unget(p, (ov_mtok){.type = OV_MT_CHAR, .cp = (uint8_t)u[1], .off = t.off + 1});
		ov_mp_unget(p, (ov_mtok){.type = OV_MT_CHAR, .cp = (uint8_t)u[0], .off = t.off});
	} else if (t.type != OV_MT_EOF) {
		ov_mp_unget(p, t);
	}
	return false;
}

/* Takes the letters of word (TeX's keywords: plus, minus, fil), spaces
 * before them allowed; when they are not next nothing is taken. */
static bool keyword(P *p, const char *word)
{
	ov_mtok got[8];
	size_t k = 0;
	for (; word[k]; k++) {
		got[k] = ov_mp_take(p);
		if (!is_char(&got[k], (uint8_t)word[k]) && !is_char(&got[k], (uint8_t)(word[k] - 'a' + 'A'))) {
			for (size_t j = k + 1; j-- > 0;)
				if (got[j].type != OV_MT_EOF)
					ov_mp_unget(p, got[j]);
			return false;
		}
	}
	return true;
}

/* The stretch and shrink of \hskip and \mskip glue (TeXbook p. 71:
 * "plus 1fil minus 2pt"): read and dropped, as math glue never stretches
 * here. False when a keyword has no length after it. */
static bool glue_parts(P *p)
{
	static const char *const words[] = {"plus", "minus"};
	for (size_t i = 0; i < 2; i++) {
		if (!keyword(p, words[i]))
			continue;
		double v;
		bool mu;
		if (dimen(p, &v, &mu))
			continue;
		if (!keyword(p, "fil")) /* fil fill filll: infinite orders */
			return false;
		for (int l = 0; l < 2 && keyword(p, "l"); l++)
			;
	}
	return true;
}

/* A dimension in braces, {} allowed to be empty (*empty). */
static bool dimen_group(P *p, const ov_mtok *cmd, double *v, bool *mu, bool *empty)
{
	ov_mtok t = ov_mp_take(p);
	*empty = false;
	if (!is_char(&t, '{')) {
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		return false;
	}
	ov_mtok c = ov_mp_peek(p);
	if (is_char(&c, '}')) {
		ov_mp_take(p);
		*empty = true;
		return true;
	}
	bool ok = dimen(p, v, mu);
	if (!ok)
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "invalid length in '\\%.*s' (use a number and a unit: em, ex, pt, mu, mm, "
		    "cm, in)", (int)cmd->nlen, cmd->name);
	for (;;) { /* to the closing brace */
		ov_mtok u = ov_mp_take(p);
		if (u.type == OV_MT_EOF || is_char(&u, '}'))
			break;
	}
	return ok;
}

static ov_mnode *space_node(P *p, uint32_t off, double v, bool mu)
{
	ov_mnode *n = ov_mp_node(p, OV_MN_SPACE, off);
	n->u.space.mu = (int)(v < 0 ? v - 0.5 : v + 0.5);
	n->u.space.em_based = !mu;
	return n;
}

/* amsmath's \iff (\implies, \impliedby) is \;\Longleftrightarrow\; and
 * its \colon is \nobreak\mskip2mu\mathpunct{}\nonscript\mkern-\thinmuskip
 * {:}\mskip6mu: to its left a Punct, to its right an Ord colon, 8 mu in
 * all besides the colon in every style (the thin space after the Punct
 * is taken back in D and T). The symbol's atom a becomes the list of
 * these, each node covering the command's source. */
static ov_mnode *spaced(P *p, ov_mnode *a, int arg)
{
	lst l = {0};
	if (arg & OV_MSYM_THICK) {
		add(&l, space_node(p, a->off, 5, true));
		add(&l, a);
		add(&l, space_node(p, a->off, 5, true));
	} else {
		add(&l, space_node(p, a->off, 2, true));
		add(&l, atom(p, OV_MCLASS_PUNCT, 0, a->off));
		ov_mnode *k = space_node(p, a->off, -3, true);
		k->u.space.nonscript = true;
		add(&l, k);
		a->cls = OV_MCLASS_ORD;
		add(&l, a);
		add(&l, space_node(p, a->off, 6, true));
	}
	for (ov_mnode *n = l.head; n; n = n->next)
		n->len = a->len;
	return l.head;
}

/* ---- macros defined in a formula ---- */

/* The control sequence named after \newcommand \def \let (\name or {\name}). */
static bool macro_name(P *p, const ov_mtok *cmd, ov_mtok *name)
{
	ov_mtok t = raw(p);
	while (t.type == OV_MT_SPACE)
		t = raw(p);
	bool braced = is_char(&t, '{');
	if (braced) {
		t = raw(p);
		while (t.type == OV_MT_SPACE)
			t = raw(p);
	}
	if (t.type != OV_MT_CS || !t.nlen) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing macro name after '\\%.*s'", (int)cmd->nlen, cmd->name);
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		return false;
	}
	*name = t;
	if (braced) {
		ov_mtok c = raw(p);
		while (c.type == OV_MT_SPACE)
			c = raw(p);
		if (!is_char(&c, '}')) {
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing '}'");
			if (c.type != OV_MT_EOF)
				ov_mp_unget(p, c);
		}
	}
	return true;
}

/* Collects a macro body (a group, or one token) onto argbuf from start. */
static bool macro_body(P *p, const ov_mtok *cmd)
{
	if (!read_arg(p)) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		return false;
	}
	return true;
}

static bool can_define(P *p, const ov_mtok *cmd)
{
	if (p->macros)
		return true;
	ov_mp_msg(p, cmd->off, OV_MP_ERR, "'\\%.*s' cannot define macros here", (int)cmd->nlen, cmd->name);
	return false;
}

static void define(P *p, const ov_mtok *cmd, const ov_mtok *name, int params, size_t opt_start, size_t opt_end,
                   bool has_opt, size_t body_start)
{
	char why[160];
	if (!ov_math_macro_set(p->macros, name->name, name->nlen, params, p->argbuf + body_start,
	                       p->argn - body_start, p->argbuf + opt_start, opt_end - opt_start, has_opt, why,
	                       sizeof why))
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "'\\%.*s': %s", (int)name->nlen, name->name, why);
}

/* \newcommand{\name}[n][default]{body}, \renewcommand, \providecommand. */
static void newcommand(P *p, const ov_mtok *cmd, int which)
{
	ov_mtok t = ov_mp_peek(p);
	if (is_char(&t, '*'))
		ov_mp_take(p);
	ov_mtok name;
	if (!macro_name(p, cmd, &name))
		return;
	int params = 0;
	ov_mtok u = raw(p);
	while (u.type == OV_MT_SPACE)
		u = raw(p);
	if (is_char(&u, '[')) {
		ov_mtok d = raw(p), c = raw(p);
		if (d.type == OV_MT_CHAR && d.cp >= '0' && d.cp <= '9' && is_char(&c, ']')) {
			params = (int)(d.cp - '0');
		} else {
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "invalid number of arguments for '\\%.*s' (0 to %d)", (int)name.nlen,
			    name.name, OV_MATH_MAX_PARAMS);
			return;
		}
		u = raw(p);
		while (u.type == OV_MT_SPACE)
			u = raw(p);
	}
	p->argn = 0;
	bool has_opt = false;
	size_t opt_end = 0;
	if (is_char(&u, '[')) {
		has_opt = true;
		bracket_arg(p);
		opt_end = p->argn;
		if (params == 0) {
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "'\\%.*s' has a default for an argument it does not take", (int)name.nlen,
			    name.name);
			return;
		}
	} else if (u.type != OV_MT_EOF) {
		ov_mp_unget(p, u);
	}
	if (!macro_body(p, cmd) || !can_define(p, cmd))
		return;
	if (which == 2 && (ov_math_macro_find(p->macros, name.name, name.nlen) || ov_math_sym(name.name, name.nlen)))
		return; /* \providecommand: only when not defined */
	define(p, cmd, &name, params, 0, opt_end, has_opt, opt_end);
}

/* \def\name#1#2{body}: undelimited parameters only. */
static void def(P *p, const ov_mtok *cmd)
{
	ov_mtok name;
	if (!macro_name(p, cmd, &name))
		return;
	int params = 0;
	bool bad = false;
	ov_mtok t;
	for (;;) {
		t = raw(p);
		if (t.type == OV_MT_EOF || is_char(&t, '{'))
			break;
		if (is_char(&t, '#')) {
			ov_mtok d = raw(p);
			if (d.type == OV_MT_CHAR && d.cp == (uint32_t)('1' + params) && params < OV_MATH_MAX_PARAMS) {
				params++;
				continue;
			}
			if (d.type != OV_MT_EOF)
				ov_mp_unget(p, d);
		}
		bad = true;
	}
	if (bad)
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "unsupported \\def parameter text for '\\%.*s' (only #1#2... without "
		    "delimiters)", (int)name.nlen, name.name);
	if (t.type == OV_MT_EOF) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		return;
	}
	ov_mp_unget(p, t);
	p->argn = 0;
	if (!macro_body(p, cmd) || bad || !can_define(p, cmd))
		return;
	define(p, cmd, &name, params, 0, 0, false, 0);
}

/* \let\a\b and \let\a=\b. */
static void let(P *p, const ov_mtok *cmd)
{
	ov_mtok name;
	if (!macro_name(p, cmd, &name))
		return;
	ov_mtok t = raw(p);
	while (t.type == OV_MT_SPACE)
		t = raw(p);
	if (is_char(&t, '=')) {
		t = raw(p);
		if (t.type == OV_MT_SPACE)
			t = raw(p);
	}
	if (t.type == OV_MT_EOF) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		return;
	}
	if (!can_define(p, cmd))
		return;
	const ov_mmacro *mac = macro_of(p, &t);
	if (mac) {
		ov_math_macro_copy(p->macros, name.name, name.nlen, mac);
	} else if (t.type == OV_MT_CS) {
		const ov_msym *s = ov_math_sym(t.name, t.nlen);
		if (!s)
			ov_mp_msg(p, t.off, OV_MP_ERR, "unknown math command '\\%.*s'", (int)t.nlen, t.name);
		else
			ov_math_macro_let(p->macros, name.name, name.nlen, s);
	} else {
		char why[160];
		if (!ov_math_macro_set(p->macros, name.name, name.nlen, 0, &t, 1, NULL, 0, false, why, sizeof why))
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "'\\%.*s': %s", (int)name.nlen, name.name, why);
	}
}

/* \DeclareMathOperator{\name}{text}: \name becomes \operatorname{text}. */
static void declare_op(P *p, const ov_mtok *cmd)
{
	ov_mtok t = ov_mp_peek(p);
	bool star = is_char(&t, '*');
	if (star)
		ov_mp_take(p);
	ov_mtok name;
	if (!macro_name(p, cmd, &name))
		return;
	p->argn = 0;
	argpush(p, (ov_mtok){.type = OV_MT_CS, .name = "operatorname", .nlen = 12, .off = cmd->off});
	if (star)
		argpush(p, (ov_mtok){.type = OV_MT_CHAR, .cp = '*', .off = cmd->off});
	argpush(p, (ov_mtok){.type = OV_MT_CHAR, .cp = '{', .off = cmd->off});
	if (!macro_body(p, cmd) || !can_define(p, cmd))
		return;
	argpush(p, (ov_mtok){.type = OV_MT_CHAR, .cp = '}', .off = cmd->off});
	define(p, cmd, &name, 0, 0, 0, false, 0);
}

/* ---- items ---- */

/* The class of an ASCII character typed in math (plain TeX's \mathcode
 * table, TeXbook p. 344 and Appendix B), and its character. */
static ov_mclass char_class(uint32_t *cp)
{
	switch (*cp) {
	case '+': return OV_MCLASS_BIN;
	case '-': *cp = 0x2212; return OV_MCLASS_BIN;
	case '*': *cp = 0x2217; return OV_MCLASS_BIN;
	case '=': case '<': case '>': case ':': return OV_MCLASS_REL;
	case '(': case '[': return OV_MCLASS_OPEN;
	case ')': case ']': case '!': case '?': return OV_MCLASS_CLOSE;
	case ',': case ';': return OV_MCLASS_PUNCT;
	case 0x2212: return OV_MCLASS_BIN;
	}
	if (*cp >= 0x80) { /* "≤" typed directly: the class of its command */
		const ov_msym *s = ov_math_sym_char(*cp);
		if (s)
			return (ov_mclass)s->cls;
	}
	return OV_MCLASS_ORD;
}

static void add_ref(P *p, const ov_mnode *n)
{
	if (p->ref_count == p->ref_cap) {
		p->ref_cap = p->ref_cap ? p->ref_cap * 2 : 8;
		p->refs = ov_xrealloc(p->refs, p->ref_cap * sizeof *p->refs);
	}
	p->refs[p->ref_count++] = n;
}

/* \frac \dfrac \tfrac \cfrac \binom \dbinom \tbinom \genfrac */
static ov_mnode *fraction(P *p, const ov_mtok *t, int v)
{
	ov_mnode *n = ov_mp_node(p, OV_MN_FRAC, t->off);
	n->cls = OV_MCLASS_INNER;
	n->u.frac.thickness = v >= 4 && v <= 6 ? 0 : -1;
	n->u.frac.style = OV_MSTYLE_NONE;
	if (v == 1 || v == 3 || v == 5)
		n->u.frac.style = OV_MSTYLE_D;
	else if (v == 2 || v == 6)
		n->u.frac.style = OV_MSTYLE_T;
	if (v >= 4 && v <= 6)
		n->u.frac.left = '(', n->u.frac.right = ')';
	if (v == 3) { /* amsmath's \cfrac[l] and [r]: the numerator flush left or right */
		char pos = option_letter(p, t, "lcr");
		n->u.frac.num_align = pos == 'c' ? 0 : pos;
		n->u.frac.cfrac = true;
	}
	if (v == 7) { /* \genfrac{ldelim}{rdelim}{thickness}{style} */
		for (int side = 0; side < 2; side++) {
			ov_mtok o = ov_mp_take(p);
			if (!is_char(&o, '{')) {
				ov_mp_msg(p, t->off, OV_MP_ERR, "missing argument for '\\genfrac'");
				if (o.type != OV_MT_EOF)
					ov_mp_unget(p, o);
				return n;
			}
			ov_mtok d = ov_mp_peek(p);
			uint32_t cp = 0;
			if (!is_char(&d, '}'))
				delimiter(p, t, &cp);
			ov_mtok c = ov_mp_take(p);
			if (!is_char(&c, '}')) {
				ov_mp_msg(p, o.off, OV_MP_ERR, "missing '}'");
				if (c.type != OV_MT_EOF)
					ov_mp_unget(p, c);
			}
			if (side == 0)
				n->u.frac.left = cp;
			else
				n->u.frac.right = cp;
		}
		double v2;
		bool mu, empty;
		if (dimen_group(p, t, &v2, &mu, &empty) && !empty)
			n->u.frac.thickness = (int)(mu ? v2 * 1000 / 18 : v2);
		ov_mtok o = ov_mp_take(p);
		if (is_char(&o, '{')) {
			ov_mtok d = ov_mp_take(p);
			if (d.type == OV_MT_CHAR && d.cp >= '0' && d.cp <= '3') {
				n->u.frac.style = (ov_mstyle)(2 * (d.cp - '0'));
				d = ov_mp_take(p);
			}
			if (!is_char(&d, '}')) {
				ov_mp_msg(p, o.off, OV_MP_ERR, "missing '}'");
				if (d.type != OV_MT_EOF)
					ov_mp_unget(p, d);
			}
		} else {
			ov_mp_msg(p, t->off, OV_MP_ERR, "missing argument for '\\genfrac'");
			if (o.type != OV_MT_EOF)
				ov_mp_unget(p, o);
		}
	}
	bool ok;
	n->u.frac.num = arg(p, t, &ok);
	if (ok)
		n->u.frac.den = arg(p, t, &ok);
	return n;
}

/* \mathbin{..} and the rest: the argument as one atom of class cls. */
static ov_mnode *classed(P *p, const ov_mtok *t, ov_mclass cls)
{
	ov_mnode *l = arg(p, t, NULL);
	ov_mnode *n = ov_mp_wrap(p, l, t->off);
	n->cls = cls;
	if (cls == OV_MCLASS_OP && n->u.atom.list)
		n->u.atom.large_op = false;
	return n;
}

/* \pmod{n} \pod{n} \mod{n} \bmod (amsmath: spaces of 18mu in display and
 * 8mu inline before the parenthesis, 6mu after "mod"). */
static ov_mnode *modulo(P *p, const ov_mtok *t, int v)
{
	lst l = {0};
	if (v == 0) {
		ov_mnode *n = atom(p, OV_MCLASS_BIN, 0, t->off);
		n->u.atom.list = letters(p, "mod", t->off, t->nlen + 1);
		n->len = t->nlen + 1u;
		return n;
	}
	add(&l, space_node(p, t->off, p->m->display ? 18 : 8, true));
	if (v != 3)
		add(&l, atom(p, OV_MCLASS_OPEN, '(', t->off));
	if (v != 2) {
		ov_mnode *m = atom(p, OV_MCLASS_ORD, 0, t->off);
		m->u.atom.list = letters(p, "mod", t->off, t->nlen + 1);
		add(&l, m);
		add(&l, space_node(p, t->off, 6, true));
	}
	add(&l, ov_mp_wrap(p, arg(p, t, NULL), t->off));
	if (v != 3)
		add(&l, atom(p, OV_MCLASS_CLOSE, ')', ov_mp_here(p)));
	return l.head;
}

/* \left d ... \middle d ... \right d (TeXbook p. 148). */
static ov_mnode *fenced(P *p, const ov_mtok *t)
{
	uint32_t d;
	delimiter(p, t, &d);
	uint32_t *delims = NULL;
	ov_mnode **bodies = NULL;
	size_t count = 0, cap = 0;
	for (;;) {
		ov_mnode *body = ov_mp_list(p, OV_MCTX_FENCED);
		if (count == cap) {
			cap = cap ? cap * 2 : 2;
			delims = ov_xrealloc(delims, (cap + 1) * sizeof *delims);
			bodies = ov_xrealloc(bodies, cap * sizeof *bodies);
		}
		delims[count] = d;
		bodies[count++] = body;
		ov_mtok u = ov_mp_take(p);
		const ov_msym *s = ov_mp_command(p, &u);
		if (s && s->kind == OV_MK_MIDDLE) {
			delimiter(p, &u, &d);
			continue;
		}
		if (s && s->kind == OV_MK_RIGHT) {
			delimiter(p, &u, &d);
			delims[count] = d;
			break;
		}
		if (u.type != OV_MT_EOF)
			ov_mp_unget(p, u);
		ov_mp_msg(p, t->off, OV_MP_ERR, "\\left without matching \\right");
		delims[count] = 0;
		break;
	}
	ov_mnode *n = ov_mp_node(p, OV_MN_FENCED, t->off);
	n->cls = OV_MCLASS_INNER;
	n->u.fenced.count = count;
	n->u.fenced.delims = ov_arena_calloc(p->a, count + 1, sizeof *delims);
	memcpy(n->u.fenced.delims, delims, (count + 1) * sizeof *delims);
	n->u.fenced.bodies = ov_arena_calloc(p->a, count, sizeof *bodies);
	memcpy(n->u.fenced.bodies, bodies, count * sizeof *bodies);
	free(delims);
	free(bodies);
	return n;
}

/* The face of \textbf{..} \textit{..} \emph{..} ... (asked) inside text
 * of face outer: bold and italic combine (LaTeX's series and shape are
 * independent), \emph turns italic to upright and back, \texttt and
 * \textrm/\textup/\textnormal set their own. */
static ov_mtext_face inner_face(ov_mtext_face outer, const ov_mtok *cmd, ov_mtext_face asked)
{
	bool bf = outer == OV_MTEXT_BF || outer == OV_MTEXT_BFIT;
	bool it = outer == OV_MTEXT_IT || outer == OV_MTEXT_BFIT;
	if (cmd->nlen == 4 && memcmp(cmd->name, "emph", 4) == 0)
		it = !it;
	else if (asked == OV_MTEXT_BF)
		bf = true;
	else if (asked == OV_MTEXT_IT)
		it = true;
	else if (asked == OV_MTEXT_TT)
		return OV_MTEXT_TT;
	else if (cmd->nlen != 4 || memcmp(cmd->name, "text", 4) != 0) /* \textrm \textup \textnormal \mbox */
		bf = it = false;
	return bf && it ? OV_MTEXT_BFIT : bf ? OV_MTEXT_BF : it ? OV_MTEXT_IT : OV_MTEXT_RM;
}

/* A run of text being collected for \text: the characters so far, where
 * they start, and whether a space is pending (a run of spaces is one,
 * TeXbook p. 47). */
typedef struct {
	ov_buf b;
	uint32_t off;
	bool space;
} run;

static void run_flush(P *p, run *r, lst *l, ov_mtext_face face)
{
	if (r->space)
		ov_buf_putc(&r->b, ' ');
	r->space = false;
	if (!r->b.len)
		return;
	ov_mnode *n = ov_mp_node(p, OV_MN_TEXT, r->off);
	n->u.text.text = ov_arena_strndup(p->a, r->b.ptr, r->b.len);
	n->u.text.len = r->b.len;
	n->u.text.face = face;
	add(l, n);
	r->b.len = 0;
}

static void run_put(run *r, const ov_mtok *u, const char *s, size_t len)
{
	if (!r->b.len && !r->space)
		r->off = u->off;
	if (r->space)
		ov_buf_putc(&r->b, ' ');
	r->space = false;
	ov_buf_put(&r->b, s, len);
}

/* The argument of \text (a group, or one token) after cmd, in face, onto
 * l: runs of text as TEXT nodes; \textbf{..} \textit{..} \emph{..} and
 * the like inside as runs of their face; $...$ inside as a math list (an
 * Ord atom of its own, as TeX sets a formula in an \hbox); macros
 * expanded. Escapes (\{ \$ \%), ~ and the symbol commands are
 * characters, spacing commands a space, other commands dropped. */
static void text_seq(P *p, const ov_mtok *cmd, ov_mtext_face face, lst *l)
{
	if (++p->level > OV_MATH_MAX_DEPTH) {
		ov_mp_fatal(p, cmd->off, "formula nested too deeply (more than 64 levels)");
		return;
	}
	ov_mtok t;
	if (!text_arg_start(p, cmd, &t)) {
		p->level--;
		return;
	}
	bool group = is_char(&t, '{');
	if (!group)
		ov_mp_unget(p, t);
	uint32_t open = t.off;
	long depth = 0;
	run r = {OV_BUF_INIT, t.off, false};
	bool taken = false;
	size_t until = SIZE_MAX; /* \text\name: the stack depth below name's expansion */
	while (!p->stop && (group || !taken || (until != SIZE_MAX && p->sn > until))) {
		ov_mtok u = raw(p);
		taken = true;
		if (u.type == OV_MT_EOF) {
			if (group)
				ov_mp_msg(p, open, OV_MP_ERR, "missing '}'");
			break;
		}
		if (group && is_char(&u, '{')) {
			depth++;
			continue;
		}
		if (group && is_char(&u, '}')) {
			if (depth-- == 0)
				break;
			continue;
		}
		if (u.type == OV_MT_SPACE || is_char(&u, '~')) {
			r.space = true;
			continue;
		}
		if (is_char(&u, '$')) { /* a formula inside the text */
			run_flush(p, &r, l, face);
			p->open[OV_MCTX_GROUP]++; /* the text's '}' ends it too */
			ov_mnode *m = ov_mp_list(p, OV_MCTX_DOLLAR);
			p->open[OV_MCTX_GROUP]--;
			ov_mtok c = ov_mp_take(p);
			if (!is_char(&c, '$')) {
				if (c.type != OV_MT_EOF)
					ov_mp_unget(p, c);
				ov_mp_msg(p, u.off, OV_MP_ERR, "missing '$' after math inside '\\%.*s'", (int)cmd->nlen,
				          cmd->name);
			}
			ov_mnode *a = ov_mp_node(p, OV_MN_ATOM, u.off);
			a->u.atom.list = m;
			ov_mp_span(p, a, ov_mp_here(p));
			add(l, a);
			continue;
		}
		char enc[8];
		if (u.type == OV_MT_CHAR) {
			run_put(&r, &u, enc, (size_t)ov_utf8_encode(u.cp, enc));
			continue;
		}
		if (u.type != OV_MT_CS)
			continue;
		const ov_mmacro *mac = macro_of(p, &u);
		if (mac && !mac->let) {
			if (!group && until == SIZE_MAX)
				until = p->sn; /* \text\name: all of name's expansion is the argument */
			expand(p, u, mac);
			continue;
		}
		const ov_msym *s = ov_mp_command(p, &u);
		if (u.nlen == 1 && strchr("%$#&_{} ,;:!", u.name[0])) {
			if (strchr(" ,;:", u.name[0]))
				r.space = true;
			else if (u.name[0] != '!')
				run_put(&r, &u, u.name, 1);
		} else if (s && s->kind == OV_MK_TEXT) {
			run_flush(p, &r, l, face);
			text_seq(p, &u, inner_face(face, &u, (ov_mtext_face)s->arg), l);
		} else if (s && s->kind == OV_MK_SYM && s->cp) {
			run_put(&r, &u, enc, (size_t)ov_utf8_encode(s->cp, enc));
		} else if (s && s->kind == OV_MK_SPACE) {
			r.space = true;
		}
	}
	run_flush(p, &r, l, face);
	ov_buf_dispose(&r.b);
	p->level--;
}

/* \text{..} and its kin: one TEXT node when the text has one face and no
 * formula in it, else an Ord atom around the runs and formulas. */
static ov_mnode *text_node(P *p, const ov_mtok *t, ov_mtext_face face)
{
	lst l = {0};
	text_seq(p, t, face, &l);
	if (l.head && !l.head->next && l.head->kind == OV_MN_TEXT && l.head->u.text.face == face) {
		l.head->off = t->off;
		return l.head;
	}
	if (!l.head) { /* \text{}: an empty text keeps its place */
		ov_mnode *n = ov_mp_node(p, OV_MN_TEXT, t->off);
		n->u.text.text = "";
		n->u.text.face = face;
		return n;
	}
	return ov_mp_wrap(p, l.head, t->off);
}

/* A control sequence as an item. */
static ov_mnode *control(P *p, ov_mtok t, lst *l)
{
	const ov_msym *s = ov_mp_command(p, &t);
	if (!s) {
		if (t.nlen == 0)
			ov_mp_msg(p, t.off, OV_MP_ERR, "'\\' at the end of the formula");
		else
			ov_mp_msg(p, t.off, OV_MP_ERR, "unknown math command '\\%.*s'", (int)t.nlen, t.name);
		return NULL;
	}
	ov_mnode *n = NULL;
	bool ok;
	switch ((ov_mkind_cmd)s->kind) {
	case OV_MK_SYM: {
		uint32_t cp = s->cp;
		int font = p->font;
		if (s->arg & OV_MSYM_ITALIC)
			font = OV_MFONT_IT;
		if (s->arg & OV_MSYM_LETTER)
			cp = ov_math_alpha(cp, font);
		n = atom(p, (ov_mclass)s->cls, cp, t.off);
		n->u.atom.large_op = (s->arg & OV_MSYM_LARGE) != 0;
		if (s->arg & (OV_MSYM_THICK | OV_MSYM_COLON)) {
			ov_mp_span(p, n, ov_mp_here(p));
			return spaced(p, n, s->arg);
		}
		break;
	}
	case OV_MK_OPNAME:
		n = atom(p, OV_MCLASS_OP, 0, t.off);
		n->u.atom.list = letters(p, s->text, t.off, t.nlen + 1u);
		n->u.atom.font = OV_MFONT_RM;
		n->limits = s->arg ? OV_MLIMITS_DEFAULT : OV_MLIMITS_NO;
		break;
	case OV_MK_OPERATORNAME: {
		ov_mtok st = ov_mp_peek(p);
		bool star = is_char(&st, '*');
		if (star)
			ov_mp_take(p);
		int font = p->font;
		bool up = p->upright_ops;
		p->font = OV_MFONT_RM;
		p->upright_ops = true;
		ov_mnode *body = arg(p, &t, NULL);
		p->font = font;
		p->upright_ops = up;
		n = atom(p, OV_MCLASS_OP, 0, t.off);
		n->u.atom.list = body;
		n->u.atom.font = OV_MFONT_RM;
		n->limits = star ? OV_MLIMITS_DEFAULT : OV_MLIMITS_NO;
		break;
	}
	case OV_MK_FONT: {
		int font = p->font;
		p->font = s->arg;
		ov_mnode *body = arg(p, &t, NULL);
		p->font = font;
		n = ov_mp_wrap(p, body, t.off);
		break;
	}
	case OV_MK_FONTSW:
		p->font = s->arg; /* to the end of the group (ov_mp_list() restores it) */
		return NULL;
	case OV_MK_FRAC:
		n = fraction(p, &t, s->arg);
		break;
	case OV_MK_INFIX:
		return NULL; /* handled in ov_mp_list() */
	case OV_MK_SQRT: {
		bool given;
		n = ov_mp_node(p, OV_MN_RADICAL, t.off);
		n->u.radical.degree = opt_arg(p, &given);
		n->u.radical.body = arg(p, &t, NULL);
		break;
	}
	case OV_MK_ACCENT:
		n = ov_mp_node(p, OV_MN_ACCENT, t.off);
		n->u.accent.cp = s->cp;
		n->u.accent.wide = (s->arg & OV_MACC_WIDE) != 0;
		n->u.accent.bottom = (s->arg & OV_MACC_BOTTOM) != 0;
		n->u.accent.body = arg(p, &t, NULL);
		break;
	case OV_MK_OVER:
		n = ov_mp_node(p, OV_MN_OVERUNDER, t.off);
		if (s->arg)
			n->u.overunder.under_cp = s->cp;
		else
			n->u.overunder.over_cp = s->cp;
		n->u.overunder.body = arg(p, &t, NULL);
		break;
	case OV_MK_XARROW: {
		bool given;
		n = ov_mp_node(p, OV_MN_OVERUNDER, t.off);
		n->cls = OV_MCLASS_REL;
		ov_mnode *arrow = atom(p, OV_MCLASS_REL, s->cp, t.off);
		arrow->len = t.nlen + 1u;
		arrow->u.atom.stretchy = true;
		arrow->u.atom.font = OV_MFONT_DEFAULT;
		n->u.overunder.body = arrow;
		n->u.overunder.under = opt_arg(p, &given);
		n->u.overunder.over = arg(p, &t, NULL);
		break;
	}
	case OV_MK_OVERSET: {
		n = ov_mp_node(p, OV_MN_OVERUNDER, t.off);
		ov_mnode *label = arg(p, &t, &ok);
		ov_mnode *body = ok ? arg(p, &t, NULL) : NULL;
		n->u.overunder.body = body;
		if (s->arg == 1)
			n->u.overunder.under = label;
		else
			n->u.overunder.over = label;
		/* amsmath: the class of the base (\overset{!}{=} is a relation); \stackrel a relation */
		n->cls = s->arg == 2 ? OV_MCLASS_REL
		       : body && !body->next && body->kind == OV_MN_ATOM ? body->cls : OV_MCLASS_ORD;
		break;
	}
	case OV_MK_SPACE:
		if (s->arg == OV_MSPACE_WORD) {
			n = space_node(p, t.off, 333, false);
			n->u.space.word = true;
		} else
			n = space_node(p, t.off, s->arg, true);
		break;
	case OV_MK_HSPACE: {
		double v = 0;
		bool mu = false, empty;
		if (s->arg == 0) {
			ov_mtok st = ov_mp_peek(p);
			if (is_char(&st, '*'))
				ov_mp_take(p);
			if (!dimen_group(p, &t, &v, &mu, &empty))
				return NULL;
		} else if (!dimen(p, &v, &mu) || ((s->arg == 1 || s->arg == 4) && !glue_parts(p))) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "invalid length in '\\%.*s' (use a number and a unit: em, ex, pt, mu, mm, cm, "
			    "in)", (int)t.nlen, t.name);
			return NULL;
		}
		n = space_node(p, t.off, v, mu);
		break;
	}
	case OV_MK_STYLE:
		n = ov_mp_node(p, OV_MN_STYLE, t.off);
		n->u.style.style = (ov_mstyle)s->arg;
		break;
	case OV_MK_TEXT:
		n = text_node(p, &t, (ov_mtext_face)s->arg);
		break;
	case OV_MK_CLASS:
		n = classed(p, &t, (ov_mclass)s->cls);
		break;
	case OV_MK_BIG: {
		uint32_t d;
		if (!delimiter(p, &t, &d))
			return NULL;
		n = atom(p, (ov_mclass)s->cls, d, t.off);
		n->u.atom.big = (uint8_t)s->arg;
		n->u.atom.font = OV_MFONT_DEFAULT;
		break;
	}
	case OV_MK_LEFT:
		n = fenced(p, &t);
		break;
	case OV_MK_MIDDLE: case OV_MK_RIGHT: case OV_MK_END: case OV_MK_CR:
		return NULL; /* handled in ov_mp_list() */
	case OV_MK_LIMITS:
		if (l->tail && l->tail->kind == OV_MN_ATOM && l->tail->cls == OV_MCLASS_OP)
			l->tail->limits = (ov_mlimits)s->arg;
		else
			ov_mp_msg(p, t.off, OV_MP_ERR, "'\\%.*s' must follow a math operator", (int)t.nlen, t.name);
		return NULL;
	case OV_MK_NOT: {
		ov_mtok u = ov_mp_peek(p);
		const ov_msym *us = ov_mp_command(p, &u);
		if (u.type == OV_MT_EOF || is_char(&u, '}') || is_char(&u, '&') ||
		    (us && (us->kind == OV_MK_END || us->kind == OV_MK_RIGHT || us->kind == OV_MK_CR))) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing argument for '\\not'");
			return NULL;
		}
		lst one = {0};
		add(&one, item(p, &one));
		n = one.head;
		if (n && n->kind == OV_MN_ATOM && n->u.atom.cp && !n->next) {
			uint32_t neg = ov_math_negate(n->u.atom.cp);
			if (neg)
				n->u.atom.cp = neg;
			else
				n->u.atom.negated = true;
			n->off = t.off;
		} else if (n) {
			n = ov_mp_wrap(p, n, t.off);
			n->u.atom.negated = true;
		}
		return n;
	}
	case OV_MK_PHANTOM:
		n = ov_mp_node(p, OV_MN_PHANTOM, t.off);
		n->u.phantom.width = s->arg != 2;
		n->u.phantom.height = s->arg != 1;
		n->u.phantom.body = arg(p, &t, NULL);
		break;
	case OV_MK_SMASH: { /* amsmath's \smash[t] (height only) and [b] (depth only) */
		n = ov_mp_node(p, OV_MN_SMASH, t.off);
		char pos = option_letter(p, &t, "tb");
		n->u.smash.top = pos != 'b';
		n->u.smash.bottom = pos != 't';
		n->u.smash.body = arg(p, &t, NULL);
		break;
	}
	case OV_MK_BOXED:
		n = ov_mp_node(p, OV_MN_BOXED, t.off);
		n->u.boxed.body = arg(p, &t, NULL);
		break;
	case OV_MK_BEGIN:
		n = ov_mp_environment(p, &t, l);
		break;
	case OV_MK_HLINE:
		if (innermost(p) == OV_MCTX_CELL)
			p->hline = true;
		else
			ov_mp_msg(p, t.off, OV_MP_WARN, "'\\hline' outside an array is ignored");
		return NULL;
	case OV_MK_NEWCMD:
		newcommand(p, &t, s->arg);
		p->cname = NULL;
		return NULL;
	case OV_MK_DEF:
		def(p, &t);
		p->cname = NULL;
		return NULL;
	case OV_MK_LET:
		let(p, &t);
		p->cname = NULL;
		return NULL;
	case OV_MK_DECLOP:
		declare_op(p, &t);
		p->cname = NULL;
		return NULL;
	case OV_MK_TAG:
		ov_mp_tag(p, &t);
		return NULL;
	case OV_MK_LABEL:
		ov_mp_label(p, &t);
		return NULL;
	case OV_MK_NONUMBER:
		if (p->row)
			p->row->nonumber = true;
		return NULL;
	case OV_MK_REF: {
		char *s2 = ov_mp_text_arg(p, &t, &ok, NULL, NULL, NULL);
		if (!ok)
			return NULL;
		n = ov_mp_node(p, OV_MN_REF, t.off);
		n->u.ref.label = s2;
		n->u.ref.paren = s->arg == 1;
		add_ref(p, n);
		break;
	}
	case OV_MK_COLOR: {
		if (!p->color_noted) {
			p->color_noted = true;
			ov_mp_msg(p, t.off, OV_MP_NOTE, "\\color is ignored");
		}
		ov_mp_text_arg(p, &t, &ok, NULL, NULL, NULL);
		if (!ok || s->arg == 0)
			return NULL;
		n = ov_mp_wrap(p, arg(p, &t, NULL), t.off);
		break;
	}
	case OV_MK_IGNORE:
		ov_mp_skip_opt(p);
		return NULL;
	case OV_MK_MOD:
		n = modulo(p, &t, s->arg);
		break;
	case OV_MK_SUBSTACK:
		n = ov_mp_substack(p, &t);
		break;
	}
	if (n && !n->next)
		ov_mp_span(p, n, ov_mp_here(p));
	return n;
}

/* One item of a list: a character, a group, or a command with its
 * arguments; NULL when it makes no noad. Counts the nesting. */
static ov_mnode *item(P *p, lst *l)
{
	ov_mtok t = ov_mp_take(p);
	if (t.type == OV_MT_EOF)
		return NULL;
	if (++p->level > OV_MATH_MAX_DEPTH + 1) {
		ov_mp_fatal(p, t.off, "formula nested too deeply (more than 64 levels)");
		return NULL;
	}
	ov_mnode *n = NULL;
	if (t.type == OV_MT_CS) {
		n = control(p, t, l);
	} else if (t.type == OV_MT_CHAR) {
		uint32_t cp = t.cp;
		if (cp == '{') {
			ov_mnode *body = ov_mp_list(p, OV_MCTX_GROUP);
			ov_mtok c = ov_mp_take(p);
			if (!is_char(&c, '}')) {
				ov_mp_msg(p, t.off, OV_MP_ERR, "missing '}'");
				if (c.type != OV_MT_EOF)
					ov_mp_unget(p, c);
			}
			n = ov_mp_node(p, OV_MN_ATOM, t.off);
			n->u.atom.list = body;
			ov_mp_span(p, n, ov_mp_here(p));
		} else if (cp == '~') {
			n = space_node(p, t.off, 333, false);
			n->u.space.word = true;
			n->len = 1;
		} else if (cp == '#' || cp == '$') {
			ov_mp_msg(p, t.off, OV_MP_ERR, "misplaced '%c'", (char)cp);
		} else {
			int font = p->font;
			ov_mclass cls = char_class(&cp);
			if (p->upright_ops && (t.cp == '-' || t.cp == '*')) /* \operatorname{a-b}: text hyphen */
				cls = OV_MCLASS_ORD, cp = t.cp;
			n = atom(p, cls, ov_math_alpha(cp, font), t.off);
			if (cls == OV_MCLASS_OP && cp >= 0x80) { /* "∑" typed: a large operator like \sum */
				const ov_msym *s = ov_math_sym_char(cp);
				n->u.atom.large_op = s && (s->arg & OV_MSYM_LARGE);
			}
			int k = ov_utf8_encode(t.cp, (char[8]){0});
			n->len = (uint32_t)(k > 0 ? k : 1);
			if (t.off >= p->m->len || t.off + n->len > p->m->len)
				n->len = 0;
		}
	}
	p->level--;
	return n;
}

/* Scripts after the last item: ^ _ and primes (TeXbook p. 128 and 130). */
static void scripts(P *p, lst *l, ov_mtok t)
{
	ov_mnode *n = l->tail;
	if (!n || n->kind == OV_MN_SPACE || n->kind == OV_MN_STYLE || n->kind == OV_MN_BREAK) {
		n = ov_mp_node(p, OV_MN_ATOM, t.off); /* an empty nucleus */
		add(l, n);
	}
	ov_mp_take(p);
	if (t.cp == '\'') {
		int k = 1;
		for (;;) {
			ov_mtok u = ov_mp_peek(p);
			if (!is_char(&u, '\''))
				break;
			ov_mp_take(p);
			k++;
		}
		if (n->sup)
			ov_mp_msg(p, t.off, OV_MP_ERR, "double superscript");
		else
			n->primes = (uint8_t)(n->primes + k > 255 ? 255 : n->primes + k);
		return;
	}
	bool sup = t.cp == '^';
	ov_mnode *s = arg(p, &t, NULL);
	if (!s) { /* {} or a missing argument: an empty atom */
		s = ov_mp_node(p, OV_MN_ATOM, t.off);
	}
	/* \overbrace{..}^{label}: the label goes over the brace */
	if (n->kind == OV_MN_OVERUNDER && sup && n->u.overunder.over_cp && n->u.overunder.over_cp != 0x203E &&
	    !n->u.overunder.over) {
		n->u.overunder.over = s;
		return;
	}
	if (n->kind == OV_MN_OVERUNDER && !sup && n->u.overunder.under_cp && n->u.overunder.under_cp != 0x5F &&
	    !n->u.overunder.under) {
		n->u.overunder.under = s;
		return;
	}
	if (sup ? n->sup != NULL : n->sub != NULL) {
		ov_mp_msg(p, t.off, OV_MP_ERR, sup ? "double superscript" : "double subscript");
		return;
	}
	if (sup)
		n->sup = s;
	else
		n->sub = s;
	ov_mp_span(p, n, ov_mp_here(p));
}

/* Whether t ends the list being parsed: 1 ends it (not taken), 2 taken
 * (reported, or a row break added to l), 0 not a closer. */
static int closer(P *p, ov_mtok t, lst *l)
{
	int in = innermost(p);
	if (t.type == OV_MT_CHAR) {
		if (t.cp == '}') {
			if (inside(p, OV_MCTX_GROUP))
				return 1;
			ov_mp_take(p);
			ov_mp_msg(p, t.off, OV_MP_ERR, "unmatched '}'");
			return 2;
		}
		if (t.cp == ']' && in == OV_MCTX_OPT)
			return 1;
		if (t.cp == '$' && in == OV_MCTX_DOLLAR)
			return 1;
		if (t.cp == '&') {
			if (in == OV_MCTX_CELL)
				return 1;
			ov_mp_take(p);
			ov_mp_msg(p, t.off, OV_MP_ERR, "misplaced '&'");
			return 2;
		}
		return 0;
	}
	const ov_msym *s = ov_mp_command(p, &t);
	if (!s)
		return 0;
	switch (s->kind) {
	case OV_MK_CR:
		if (in == OV_MCTX_CELL)
			return 1;
		ov_mp_take(p);
		ov_mp_skip_cr_extra(p);
		if (in == OV_MCTX_TOP && p->m->display) {
			ov_mnode *b = ov_mp_node(p, OV_MN_BREAK, t.off);
			b->len = 2;
			add(l, b);
		} else {
			ov_mp_msg(p, t.off, OV_MP_WARN, "'\\\\' outside an alignment is ignored");
		}
		return 2;
	case OV_MK_END:
		if (inside(p, OV_MCTX_CELL) || inside(p, OV_MCTX_ENV))
			return 1;
		ov_mp_take(p);
		char name[32];
		ov_mp_env_name(p, &t, name);
		ov_mp_msg(p, t.off, OV_MP_ERR, "\\end{%s} without matching \\begin{%s}", name, name);
		return 2;
	case OV_MK_RIGHT:
	case OV_MK_MIDDLE:
		if (inside(p, OV_MCTX_FENCED))
			return 1;
		ov_mp_take(p);
		uint32_t d;
		delimiter(p, &t, &d);
		ov_mp_msg(p, t.off, OV_MP_ERR, s->kind == OV_MK_RIGHT ? "\\right without matching \\left"
		                                          : "\\middle without matching \\left");
		return 2;
	}
	return 0;
}

/* A list up to what ends it (left in place), with an infix fraction
 * (\over \choose \atop \above: TeXbook p. 143, one per list). */
ov_mnode *ov_mp_list(P *p, int kind)
{
	if (p->nctx >= (int)sizeof p->ctx) {
		ov_mp_fatal(p, ov_mp_here(p), "formula nested too deeply (more than 64 levels)");
		return NULL;
	}
	p->ctx[p->nctx++] = (uint8_t)kind;
	p->open[kind]++;
	int font = p->font;
	lst l = {0};
	ov_mnode *num = NULL;
	ov_mnode *frac = NULL;
	while (!p->stop) {
		ov_mtok t = ov_mp_peek(p);
		if (t.type == OV_MT_EOF)
			break;
		int c = closer(p, t, &l);
		if (c == 1)
			break;
		if (c == 2)
			continue;
		if (t.type == OV_MT_CHAR && (t.cp == '^' || t.cp == '_' || t.cp == '\'')) {
			scripts(p, &l, t);
			continue;
		}
		const ov_msym *s = ov_mp_command(p, &t);
		if (s && s->kind == OV_MK_INFIX) {
			ov_mp_take(p);
			if (frac) {
				ov_mp_msg(p, t.off, OV_MP_ERR, "ambiguous fraction");
				continue;
			}
			frac = ov_mp_node(p, OV_MN_FRAC, t.off);
			frac->cls = OV_MCLASS_INNER;
			frac->u.frac.style = OV_MSTYLE_NONE;
			frac->u.frac.thickness = s->arg == 0 ? -1 : 0;
			static const uint32_t ld[] = {0, '(', 0, 0, '{', '['}, rd[] = {0, ')', 0, 0, '}', ']'};
			frac->u.frac.left = ld[s->arg];
			frac->u.frac.right = rd[s->arg];
			if (s->arg == 3) { /* \above dimen */
				double v;
				bool mu;
				if (dimen(p, &v, &mu))
					frac->u.frac.thickness = (int)(mu ? v * 1000 / 18 : v);
				else
					ov_mp_msg(p, t.off, OV_MP_ERR, "invalid length in '\\above' (use a number and a unit: em, ex, pt, mu, "
					    "mm, cm, in)");
			}
			num = l.head;
			if (num)
				frac->off = num->off;
			l.head = l.tail = NULL;
			continue;
		}
		add(&l, item(p, &l));
	}
	p->font = font;
	p->open[kind]--;
	p->nctx--;
	if (frac) {
		frac->u.frac.num = num;
		frac->u.frac.den = l.head;
		ov_mp_span(p, frac, ov_mp_here(p));
		return frac;
	}
	return l.head;
}

/* ---- the interface ---- */

const ov_math *ov_math_parse(ov_arena *arena, const char *src, size_t len, bool display, ov_math_macros *macros)
{
	ov_math *m = ov_arena_alloc(arena, sizeof *m);
	m->display = display;
	m->ok = true;
	m->src = src;
	m->len = len;
	P p = {0};
	p.a = arena;
	p.m = m;
	p.macros = macros;
	p.font = OV_MFONT_DEFAULT;
	p.argcap = 64; /* never NULL: an empty macro body is argbuf + 0 */
	p.argbuf = ov_xmalloc(p.argcap * sizeof *p.argbuf);
	if (len > OV_MATH_MAX_LEN) {
		ov_mp_msg(&p, 0, OV_MP_ERR, "formula too long (%zu bytes; the limit is %d)", len, OV_MATH_MAX_LEN);
		free(p.argbuf);
		return m;
	}
	size_t count = 0;
	ov_math_lex(src, len, 0, &p.stk, &count, &p.scap);
	for (size_t i = 0; i < count / 2; i++) { /* the next token last */
		ov_mtok x = p.stk[i];
		p.stk[i] = p.stk[count - 1 - i];
		p.stk[count - 1 - i] = x;
	}
	p.sn = count;
	if (display)
		p.row = &p.row0;
	m->list = ov_mp_list(&p, OV_MCTX_TOP);
	if (display)
		ov_mp_finish_rows(&p);
	if (p.ref_count) {
		m->refs = ov_arena_calloc(arena, p.ref_count, sizeof *m->refs);
		memcpy(m->refs, p.refs, p.ref_count * sizeof *m->refs);
		m->ref_count = p.ref_count;
	}
	free(p.env_rows);
	free(p.refs);
	free(p.stk);
	free(p.argbuf);
	return m;
}

bool ov_math_known_command(const char *name, size_t len)
{
	if (len < 2 || name[0] != '\\')
		return false;
	return ov_math_sym(name + 1, len - 1) != NULL;
}
