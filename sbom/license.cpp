#include "sbom/license.h"

#include "sbom/text.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace bomwatch::sbom {

namespace {

// A parsed expression: a leaf (licence id, possibly "id WITH exception") or an AND/OR node.
struct Node {
    enum Kind { Leaf, And, Or } kind = Leaf;
    std::string leaf;
    std::vector<std::unique_ptr<Node>> operands;
};

bool is_id_char(char c) { return ascii_alnum(c) || c == '-' || c == '.' || c == '+' || c == ':' || c == '_'; }

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    std::unique_ptr<Node> parse() {
        auto node = parse_or();
        if (!node || !next().empty()) return nullptr;
        return node;
    }

private:
    // Grammar (SPDX annex D): or := and ("OR" and)*; and := with ("AND" with)*;
    // with := primary ("WITH" id)?; primary := id | "(" or ")". Operators in any case.
    std::unique_ptr<Node> parse_or() { return parse_chain(Node::Or, "OR", &Parser::parse_and); }
    std::unique_ptr<Node> parse_and() { return parse_chain(Node::And, "AND", &Parser::parse_with); }

    std::unique_ptr<Node> parse_chain(Node::Kind kind, std::string_view op, std::unique_ptr<Node> (Parser::*operand)()) {
        auto first = (this->*operand)();
        if (!first) return nullptr;
        if (!iequals(peek_token(), op)) return first;
        auto chain = std::make_unique<Node>();
        chain->kind = kind;
        chain->operands.push_back(std::move(first));
        while (iequals(peek_token(), op)) {
            next();
            auto more = (this->*operand)();
            if (!more) return nullptr;
            chain->operands.push_back(std::move(more));
        }
        return chain;
    }

    std::unique_ptr<Node> parse_with() {
        auto node = parse_primary();
        if (!node || !iequals(peek_token(), "WITH")) return node;
        if (node->kind != Node::Leaf) return nullptr;  // WITH applies to one licence only
        next();
        const std::string_view exception = next();
        if (!is_identifier(exception)) return nullptr;
        node->leaf += " WITH ";
        node->leaf += exception;
        return node;
    }

    std::unique_ptr<Node> parse_primary() {
        const std::string_view token = next();
        if (token == "(") {
            // Real expressions nest a few levels; a deeper one is not a licence, and would
            // exhaust the stack of this recursive parser.
            if (++depth_ > kMaxDepth) return nullptr;
            auto inner = parse_or();
            --depth_;
            if (!inner || next() != ")") return nullptr;
            return inner;
        }
        if (!is_identifier(token)) return nullptr;
        auto leaf = std::make_unique<Node>();
        leaf->leaf = std::string(token);
        return leaf;
    }

    static bool is_identifier(std::string_view token) {
        return !token.empty() && token != "(" && token != ")" && !iequals(token, "AND") && !iequals(token, "OR") &&
               !iequals(token, "WITH");
    }

    std::string_view peek_token() {
        const std::size_t saved = pos_;
        const std::string_view token = next();
        pos_ = saved;
        return token;
    }

    std::string_view next() {
        while (pos_ < text_.size() && ascii_space(text_[pos_])) ++pos_;
        if (pos_ >= text_.size()) return {};
        if (text_[pos_] == '(' || text_[pos_] == ')') return text_.substr(pos_++, 1);
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_id_char(text_[pos_])) ++pos_;
        if (pos_ == start) return text_.substr(pos_++, 1);  // a character no licence id has
        return text_.substr(start, pos_ - start);
    }

    static constexpr int kMaxDepth = 32;
    std::string_view text_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

// Folds nested chains of the same operator into one, sorts and deduplicates operands, and
// prints with parentheses only where precedence needs them.
std::string print(Node& node, Node::Kind parent) {
    if (node.kind == Node::Leaf) return node.leaf;
    std::vector<std::string> parts;
    for (auto& operand : node.operands) {
        if (operand->kind == node.kind) {
            // (A AND B) AND C is A AND B AND C.
            for (auto& inner : operand->operands) parts.push_back(print(*inner, node.kind));
        } else {
            parts.push_back(print(*operand, node.kind));
        }
    }
    std::sort(parts.begin(), parts.end(), [](const std::string& a, const std::string& b) { return iless(a, b); });
    parts.erase(std::unique(parts.begin(), parts.end(), [](const std::string& a, const std::string& b) { return iequals(a, b); }),
                parts.end());
    if (parts.size() == 1) return parts.front();
    std::string out;
    const char* op = node.kind == Node::And ? " AND " : " OR ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += op;
        out += parts[i];
    }
    // AND binds tighter than OR: an OR inside an AND needs parentheses.
    if (node.kind == Node::Or && parent == Node::And) return "(" + out + ")";
    return out;
}

}  // namespace

std::optional<std::string> canonical_license_expression(std::string_view text) {
    auto tree = Parser(text).parse();
    if (!tree) return std::nullopt;
    // A lone word with characters no licence id has ("Apache License 2.0" fails above already);
    // a single token is an id.
    return print(*tree, Node::Leaf);
}

bool same_license_text(std::string_view a, std::string_view b) { return iequals(a, b); }

}  // namespace bomwatch::sbom
