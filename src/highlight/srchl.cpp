/*
 * srchl.cpp - the C interface of srchl.h over GNU source-highlight's
 * library (libsource-highlight 3.1, C++ with Boost.Regex).
 *
 * The library's lower API is used, not its SourceHighlight class (which
 * writes a formatted document): a LangDefManager compiles a .lang file into
 * a HighlightState, a SourceHighlighter runs it over one line at a time
 * (the state stack carries a comment or string across lines) and calls a
 * Formatter for each piece of text, chosen by the element's name. The
 * library tells a formatter only the text, not the element, so each
 * element name we map gets a formatter of its own that knows its name;
 * text of any other element goes to the default formatter as "normal".
 * Pieces come in order and cover the line, so a running position gives
 * each its offset. This file is built as a module, octavo-srchl.so, that
 * srchl.c loads when a book first has code to highlight (srchlmod.h). Every library exception is caught here: none crosses
 * into C. Several ov_srchl may run on threads of their own: loading a
 * definition takes a lock (load_lock).
 */
#include "highlight/srchlmod.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <srchilite/formatter.h>
#include <srchilite/formattermanager.h>
#include <srchilite/formatterparams.h>
#include <srchilite/highlightbuilderexception.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/parserexception.h>
#include <srchilite/regexrulefactory.h>
#include <srchilite/settings.h>
#include <srchilite/sourcehighlighter.h>

namespace {

/* The element names source-highlight's definitions and ours use that
 * Octavo maps to a class (highlight.c); the rest read as normal text. */
const char *const ELEMS[] = {"keyword", "type", "usertype", "classname", "string", "regexp", "specialchar",
                             "comment", "todo", "number", "function", "predef_func", "special_fun",
                             "symbol", "cbracket", "assignment", "preproc", "variable", "predef_var",
                             "label", "property", "libsource", "costant", "value", "atom", "meta", "key",
                             "keyquote", "valquote", "colon", "normal"};

struct Sink {
	ov_srchl_emit emit = nullptr;
	void *ctx = nullptr;
	size_t base = 0; /* the line's offset in the text */
	size_t pos = 0;  /* the next piece's offset in the line */
};

class ElemFormatter : public srchilite::Formatter {
	Sink *sink;
	const char *elem;

public:
	ElemFormatter(Sink *s, const char *e) : sink(s), elem(e) {}
	void format(const std::string &s, const srchilite::FormatterParams *) override
	{
		if (s.empty())
			return;
		sink->emit(sink->ctx, sink->base + sink->pos, s.size(), elem);
		sink->pos += s.size();
	}
};

/* The library reads definition files with a flex scanner and a bison
 * parser of global state, and its settings are static: loading is one
 * thread at a time. Highlighting with a loaded state needs no lock (each
 * ov_srchl has its own objects). */
std::mutex load_lock;

} // namespace

struct ov_srchl {
	srchilite::RegexRuleFactory factory;
	srchilite::LangDefManager manager{&factory};
	Sink sink;
	srchilite::FormatterManager formatters{srchilite::FormatterPtr(new ElemFormatter(&sink, "normal"))};
	std::string data_dir;
	bool have_dir = false;
	/* a highlighter per definition file, made on first use */
	std::map<std::string, std::unique_ptr<srchilite::SourceHighlighter>> highlighters;

	ov_srchl()
	{
		for (const char *e : ELEMS)
			formatters.addFormatter(e, srchilite::FormatterPtr(new ElemFormatter(&sink, e)));
	}
};

static ov_srchl *create(void) { return new ov_srchl(); }

static void destroy(ov_srchl *h) { delete h; }

static const char *data_dir(ov_srchl *h)
{
	if (!h->have_dir) {
		try {
			std::lock_guard<std::mutex> g(load_lock);
			h->data_dir = srchilite::Settings::retrieveDataDir();
		} catch (...) {
			h->data_dir.clear();
		}
		if (h->data_dir.empty())
			h->data_dir = "/usr/share/source-highlight";
		h->have_dir = true;
	}
	return h->data_dir.c_str();
}

static void message(char *err, size_t errlen, const char *file, const std::string &what)
{
	if (!errlen)
		return;
	std::string m = what;
	/* the library's messages are multi-line; the first line says it */
	size_t nl = m.find('\n');
	if (nl != std::string::npos)
		m.resize(nl);
	while (!m.empty() && (m.back() == '.' || m.back() == ' '))
		m.pop_back();
	std::snprintf(err, errlen, "%s: %s", file, m.c_str());
}

static int run(ov_srchl *h, const char *dir, const char *file, const char *text, size_t len, ov_srchl_emit emit,
               void *ctx, char *err, size_t errlen)
{
	try {
		std::string key = std::string(dir) + "/" + file;
		auto it = h->highlighters.find(key);
		if (it == h->highlighters.end()) {
			srchilite::HighlightStatePtr state;
			{
				std::lock_guard<std::mutex> g(load_lock);
				state = h->manager.getHighlightState(dir, file);
			}
			auto hl = std::make_unique<srchilite::SourceHighlighter>(state);
			hl->setFormatterManager(&h->formatters);
			/* pieces of one element are given together */
			hl->setOptimize(true);
			it = h->highlighters.emplace(key, std::move(hl)).first;
		}
		srchilite::SourceHighlighter &hl = *it->second;
		/* a block starts in the language's main state */
		hl.clearStateStack();
		hl.setCurrentState(hl.getMainState());
		srchilite::FormatterParams params;
		hl.setFormatterParams(&params);
		h->sink.emit = emit;
		h->sink.ctx = ctx;
		size_t s = 0;
		std::string line;
		while (s <= len) {
			const char *nl = static_cast<const char *>(std::memchr(text + s, '\n', len - s));
			size_t e = nl ? static_cast<size_t>(nl - text) : len;
			line.assign(text + s, e - s);
			h->sink.base = s;
			h->sink.pos = 0;
			params.start = 0;
			hl.highlightParagraph(line);
			if (!nl)
				break;
			s = e + 1;
		}
		hl.setFormatterParams(nullptr);
		return 0;
	} catch (const srchilite::ParserException &e) {
		message(err, errlen, e.filename.empty() ? file : e.filename.c_str(),
		        std::to_string(e.line) + ": " + e.message + (e.additional.empty() ? "" : " (" + e.additional + ")"));
	} catch (const srchilite::HighlightBuilderException &e) {
		message(err, errlen, e.filename.empty() ? file : e.filename.c_str(),
		        std::to_string(e.line) + ": " + e.message + ": " + e.causedBy.what());
	} catch (const std::exception &e) {
		message(err, errlen, file, e.what());
	} catch (...) {
		message(err, errlen, file, "the highlighting library failed");
	}
	return -1;
}

/* The module's one exported symbol (it is built with hidden visibility):
 * srchl.c finds it with dlsym by OV_SRCHL_ENTRY. */
extern "C" __attribute__((visibility("default"))) const ov_srchl_table ov_srchl_entry = {OV_SRCHL_ABI, create, destroy,
                                                                                        data_dir, run};
