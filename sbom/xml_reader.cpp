#include "sbom/xml_reader.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <mutex>

namespace bomwatch::sbom::xml {

namespace {

// No entity substitution (XML_PARSE_NOENT is left out), no DTD loading, no network. NOCDATA hands
// CDATA over as text. BIG_LINES keeps line numbers right past line 65535. NOBLANKS drops the
// white space between elements (libxml2 keeps a leaf element's own), 15% of a reading. Not HUGE:
// libxml2's own limits on text sizes and depth stay in force.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS;

// Where the prolog scanner is: between markup, or inside a comment or processing instruction,
// until the root element starts.
enum class Prolog : std::uint8_t { Between, Open, Bang, BangDash, Comment, CommentDash, CommentDashDash, Pi, PiQuestion, Done };

}  // namespace

struct Reader::State {
    explicit State(InputStream& input) : in(input) {}
    ~State() {
        if (reader) xmlFreeTextReader(reader);
    }

    // Looks for a DOCTYPE before the root element, in the bytes on their way to libxml2 (`bytes`
    // start at byte `start` of the input), so that a refused document's internal subset is never
    // parsed. NUL bytes are passed over, which makes the scan see UTF-16 and UTF-32 documents as
    // ASCII. Returns whether there is one; `markup_at` is then the offset of its "<".
    bool scan_prolog(const char* bytes, std::size_t size, std::uint64_t start) {
        for (std::size_t i = 0; i < size && prolog != Prolog::Done; ++i) {
            const char c = bytes[i];
            if (c == '\0') continue;
            switch (prolog) {
            case Prolog::Between:
                if (c == '<') {
                    prolog = Prolog::Open;
                    markup_at = start + i;
                }
                break;
            case Prolog::Open:
                prolog = c == '?' ? Prolog::Pi : c == '!' ? Prolog::Bang : Prolog::Done;
                break;
            case Prolog::Bang:
                // In a well-formed prolog "<!" starts a comment or the DOCTYPE; anything else is
                // left to libxml2 to report.
                if (c == 'D') return true;
                prolog = c == '-' ? Prolog::BangDash : Prolog::Done;
                break;
            case Prolog::BangDash: prolog = c == '-' ? Prolog::Comment : Prolog::Done; break;
            case Prolog::Comment:
                if (c == '-') prolog = Prolog::CommentDash;
                break;
            case Prolog::CommentDash: prolog = c == '-' ? Prolog::CommentDashDash : Prolog::Comment; break;
            case Prolog::CommentDashDash:
                if (c == '>') prolog = Prolog::Between;
                else if (c != '-') prolog = Prolog::Comment;
                break;
            case Prolog::Pi:
                if (c == '?') prolog = Prolog::PiQuestion;
                break;
            case Prolog::PiQuestion:
                if (c == '>') prolog = Prolog::Between;
                else if (c != '?') prolog = Prolog::Pi;
                break;
            case Prolog::Done: break;
            }
        }
        return false;
    }

    InputStream& in;
    xmlTextReaderPtr reader = nullptr;
    Prolog prolog = Prolog::Between;
    std::uint64_t markup_at = 0;  // where the last "<" of the prolog is
    std::exception_ptr pending;  // thrown by the input, or a refusal, while libxml2 was reading
    bool has_error = false;      // the first error libxml2 reported
    Position error_at;
    std::string error_message;
    std::string generic_message;  // what libxml2 said outside a parser context (encoding errors)
};

namespace {

// libxml2 pulls the input through this. Exceptions must not cross libxml2's C frames: they are
// kept and rethrown once xmlTextReaderRead returns.
int read_input(void* context, char* buffer, int size) {
    auto& state = *static_cast<Reader::State*>(context);
    try {
        const std::uint64_t start = state.in.offset();
        const std::size_t got = state.in.read(buffer, static_cast<std::size_t>(size));
        if (state.prolog != Prolog::Done && state.scan_prolog(buffer, got, start)) {
            throw InputError(state.in.source(), state.in.locate(state.markup_at),
                             "the XML has a DOCTYPE, which SBOMs do not use; refused so that no DTD is loaded "
                             "and no entity expanded");
        }
        return static_cast<int>(got);
    } catch (...) {
        state.pending = std::current_exception();
        return -1;
    }
}

// libxml2's reader says "Extra content at the end of the document" (XML_ERR_DOCUMENT_END) also
// when the input stops inside the root element; only the parser's state tells the two apart.
bool stopped_inside_root(xmlParserCtxtPtr parser) {
    return parser && parser->instate != XML_PARSER_EPILOG && parser->instate != XML_PARSER_EOF;
}

#if LIBXML_VERSION >= 21200
void on_error(void* context, const xmlError* error) {
#else
void on_error(void* context, xmlErrorPtr error) {
#endif
    auto& state = *static_cast<Reader::State*>(context);
    if (!error || error->level < XML_ERR_ERROR || state.has_error) return;
    state.has_error = true;
    state.error_at.line = error->line > 0 ? static_cast<std::uint64_t>(error->line) : 0;
    state.error_at.column = error->int2 > 0 ? static_cast<std::uint64_t>(error->int2) : 0;
    // One line: libxml2 breaks some messages over lines, and quotes the document in others.
    std::string message;
    for (const char* c = error->message ? error->message : "malformed XML"; *c; ++c) {
        const bool space = static_cast<unsigned char>(*c) < 0x20 || *c == ' ';
        if (!space) message += *c;
        else if (!message.empty() && message.back() != ' ') message += ' ';
    }
    if (!message.empty() && message.back() == ' ') message.pop_back();
    if (error->code == XML_ERR_DOCUMENT_END && stopped_inside_root(static_cast<xmlParserCtxtPtr>(error->ctxt)))
        message = "the document ends before its root element is closed (truncated?)";
    state.error_message = "XML error: " + message;
}

// Some errors (input encoding conversion) are raised without a parser context and go to the
// generic handler, which by default prints to stderr. libxml2 keeps that handler per thread, so
// each reader takes it over in its own thread while it reads; the first line is kept for the error.
void on_generic_error(void* context, const char* format, ...) {
    auto& state = *static_cast<Reader::State*>(context);
    if (!state.generic_message.empty()) return;
    char buffer[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    state.generic_message = buffer;
}


std::once_flag libxml_initialised;

}  // namespace

Reader::Reader(InputStream& in) : state_(std::make_unique<State>(in)) {
    // libxml2 asks for this before any use from several threads; it is idempotent but not
    // thread-safe itself.
    std::call_once(libxml_initialised, [] { xmlInitParser(); });
    // For the life of the reader, in the thread that uses it (a reader is made, used and dropped
    // by one thread); setting it around each read would cost a tenth of the reading.
    xmlSetGenericErrorFunc(state_.get(), on_generic_error);
    state_->reader = xmlReaderForIO(read_input, nullptr, state_.get(), nullptr, nullptr, kParseOptions);
    if (state_->pending || !state_->reader) {
        xmlSetGenericErrorFunc(nullptr, nullptr);  // no destructor runs after a throwing constructor
        if (state_->pending) std::rethrow_exception(state_->pending);
        throw InputError(in.source(), "cannot start the XML parser (out of memory?)");
    }
    // Per reader, not libxml2's process-wide handler: errors go to this reader's state.
    xmlTextReaderSetStructuredErrorHandler(state_->reader, on_error, state_.get());
}

Reader::~Reader() {
    state_.reset();
    xmlSetGenericErrorFunc(nullptr, nullptr);
}

void Reader::throw_pending() const {
    // A refusal or a read error comes first: libxml2's own report is only its consequence.
    if (state_->pending) std::rethrow_exception(state_->pending);
    if (state_->has_error) throw InputError(source(), state_->error_at, state_->error_message);
    Position at;
    at.line = static_cast<std::uint64_t>(std::max(0, xmlTextReaderGetParserLineNumber(state_->reader)));
    at.column = static_cast<std::uint64_t>(std::max(0, xmlTextReaderGetParserColumnNumber(state_->reader)));
    throw InputError(source(), at,
                     "XML error: " + (state_->generic_message.empty() ? std::string("the document cannot be parsed")
                                                                      : state_->generic_message));
}

bool Reader::next() {
    while (true) {
        const int result = xmlTextReaderRead(state_->reader);
        if (result < 0 || state_->has_error || state_->pending) throw_pending();
        if (result == 0) return false;
        switch (xmlTextReaderNodeType(state_->reader)) {
        case XML_READER_TYPE_ELEMENT: type_ = NodeType::Element; return true;
        case XML_READER_TYPE_END_ELEMENT: type_ = NodeType::EndElement; return true;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: type_ = NodeType::Text; return true;
        // The prolog scan refuses these first; this catches an encoding it could not see through.
        case XML_READER_TYPE_DOCUMENT_TYPE: fail("the XML has a DOCTYPE, which SBOMs do not use; refused");
        case XML_READER_TYPE_ENTITY_REFERENCE: fail("the XML refers to an entity, which is refused");
        default: break;  // comments, processing instructions
        }
    }
}

int Reader::depth() const { return xmlTextReaderDepth(state_->reader); }

bool Reader::empty_element() const { return xmlTextReaderIsEmptyElement(state_->reader) == 1; }

namespace {
std::string_view view(const xmlChar* text) { return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view(); }
}  // namespace

std::string_view Reader::local_name() const { return view(xmlTextReaderConstLocalName(state_->reader)); }

std::string_view Reader::namespace_uri() const { return view(xmlTextReaderConstNamespaceUri(state_->reader)); }

std::string_view Reader::value() const { return view(xmlTextReaderConstValue(state_->reader)); }

bool Reader::attribute(const char* name, std::string& out, const char* ns) const {
    const auto* local = reinterpret_cast<const xmlChar*>(name);
    xmlChar* found = ns && *ns ? xmlTextReaderGetAttributeNs(state_->reader, local, reinterpret_cast<const xmlChar*>(ns))
                               : xmlTextReaderGetAttribute(state_->reader, local);
    if (!found) return false;
    out.assign(reinterpret_cast<const char*>(found));
    xmlFree(found);
    return true;
}

bool Reader::read_text(std::string& out) {
    out.clear();
    if (type_ != NodeType::Element || empty_element()) return true;
    const int element_depth = depth();
    bool only_text = true;
    while (next()) {
        switch (type_) {
        case NodeType::EndElement:
            if (depth() == element_depth) return only_text;
            break;
        case NodeType::Text: {
            const std::string_view text = value();
            if (out.size() + text.size() > kMaxFieldBytes)
                fail("a text longer than " + std::to_string(kMaxFieldBytes / 1024) + " KiB, which no SBOM field needs");
            out.append(text);
            break;
        }
        case NodeType::Element:
            only_text = false;
            skip();
            break;
        }
    }
    return only_text;  // not reached: libxml2 reports an unclosed element
}

void Reader::skip() {
    if (type_ != NodeType::Element || empty_element()) return;
    const int element_depth = depth();
    while (next()) {
        if (type_ == NodeType::EndElement && depth() == element_depth) return;
    }
}

Position Reader::position() const {
    Position at;
    const xmlNodePtr node = xmlTextReaderCurrentNode(state_->reader);
    const long line = node ? xmlGetLineNo(node) : -1;
    at.line = line > 0 ? static_cast<std::uint64_t>(line)
                       : static_cast<std::uint64_t>(std::max(0, xmlTextReaderGetParserLineNumber(state_->reader)));
    return at;
}

void Reader::fail(const std::string& message) const { throw InputError(source(), position(), message); }

const std::string& Reader::source() const { return state_->in.source(); }

}  // namespace bomwatch::sbom::xml
