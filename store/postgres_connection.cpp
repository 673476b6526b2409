#include "store/postgres_connection.h"

#include <charconv>

#include "sbom/text.h"
#include "store/backends.h"

namespace bomwatch::store::pg {

namespace {

// Sent once at the largest; big enough that a 100k-component COPY is a few dozen messages.
constexpr std::size_t kCopyChunk = 1 << 20;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

void ignore_notice(void*, const char*) {}

}  // namespace

std::int64_t integer(const Result& result, int row, int column) {
    const std::string_view value = text(result, row, column);
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size())
        throw StoreError(StoreError::Kind::Corrupt, "not a number where one was expected: '" + std::string(value) + "'");
    return number;
}

Connection::Connection(const std::string& location, std::chrono::milliseconds lock_timeout) : lock_timeout_(lock_timeout) {
    // Messages show libpq's reading of the URL, never its text; a URL libpq would read otherwise
    // than meant (a password with an unencoded '@' or '/') is refused before it is used.
    const PostgresUrl url = inspect_postgres_url(location);
    described_ = url.described;
    secrets_ = url.secrets;
    if (url.state != PostgresUrl::State::Clean) throw StoreError(StoreError::Kind::Failed, described_ + ": " + url.problem);
    // Keywords before dbname are defaults the URL may override; those after it are not.
    const std::string timeout = std::to_string(kConnectTimeout.count());
    const std::string keepalives_idle = std::to_string(kKeepalivesIdle.count());
    const std::string tcp_user_timeout = std::to_string(kTcpUserTimeout.count());
    const char* const keywords[] = {"connect_timeout", "fallback_application_name", "keepalives", "keepalives_idle",
                                    "tcp_user_timeout", "dbname", "client_encoding", nullptr};
    const char* const values[] = {timeout.c_str(), "bomwatch", "1", keepalives_idle.c_str(), tcp_user_timeout.c_str(),
                                  url.url.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (!conn_) throw StoreError(StoreError::Kind::Unreachable, "cannot connect to " + described_ + ": out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = scrub(trimmed(PQerrorMessage(conn_)));
        PQfinish(conn_);
        throw StoreError(StoreError::Kind::Unreachable, "cannot connect to " + described_ + ": " + message);
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    try {
        set_up_session();
    } catch (...) {
        PQfinish(conn_);
        throw;
    }
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::revive() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
        throw StoreError(StoreError::Kind::Unreachable,
                         "cannot reconnect to " + described_ + ": " + scrub(trimmed(PQerrorMessage(conn_))));
    set_up_session();
}

void Connection::set_up_session() {
    // A writer waits lock_timeout for another one's lock; bytea comes back as hex whatever the
    // server's default; a transaction left open (a runner stopped in a debugger, a hung network)
    // is ended by the server after kIdleInTransactionTimeout instead of holding its locks.
    const std::string idle = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(kIdleInTransactionTimeout).count());
    exec("setting up the session", ("SET lock_timeout = " + std::to_string(lock_timeout_.count()) +
                                    "; SET bytea_output = 'hex'; SET idle_in_transaction_session_timeout = " + idle)
                                       .c_str());
}

std::string Connection::scrub(std::string message) const { return store::scrub(std::move(message), secrets_); }

void Connection::fail(std::string_view what, const PGresult* result) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    std::string message = trimmed(result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
    if (message.starts_with("ERROR:  ")) message.erase(0, 8);
    message = scrub(std::move(message));
    const std::string where = described_ + ": " + std::string(what);
    if (PQstatus(conn_) == CONNECTION_BAD || sqlstate.starts_with("08") || sqlstate == "57P01")
        throw StoreError(StoreError::Kind::Unreachable, where + ": lost the connection: " + message);
    if (sqlstate == "55P03") {  // lock_not_available: lock_timeout ran out
        const auto ms = lock_timeout_.count();
        throw StoreError(StoreError::Kind::Locked,
                         where + ": another writer held a lock for over " +
                             (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") + " (" +
                             message + ")");
    }
    throw StoreError(StoreError::Kind::Failed, where + ": " + message);
}

Result Connection::exec(std::string_view what, const char* sql, std::initializer_list<Param> params) {
    Result result;
    if (params.size() == 0) {
        result.reset(PQexec(conn_, sql));
    } else {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
        result.reset(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    }
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(what, result.get());
    return result;
}

void Connection::copy_in(std::string_view what, const char* sql, const std::function<bool(std::string&)>& produce) {
    Result start(PQexec(conn_, sql));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) fail(what, start.get());
    try {
        std::string buffer;
        buffer.reserve(kCopyChunk + kCopyChunk / 4);
        for (bool more = true; more;) {
            more = produce(buffer);
            if ((buffer.size() >= kCopyChunk || !more) && !buffer.empty()) {
                if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) fail(what, nullptr);
                buffer.clear();
            }
        }
    } catch (...) {
        // Leave the COPY so that the connection can roll the transaction back.
        if (PQstatus(conn_) == CONNECTION_OK && PQputCopyEnd(conn_, "abandoned by bomwatch") == 1)
            while (Result rest{PQgetResult(conn_)}) {}
        throw;
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) fail(what, nullptr);
    Result end(PQgetResult(conn_));
    const bool ok = end && PQresultStatus(end.get()) == PGRES_COMMAND_OK;
    if (!ok) {
        while (Result rest{PQgetResult(conn_)}) {}
        fail(what, end.get());
    }
    while (Result rest{PQgetResult(conn_)}) {}
}

void Connection::copy_out(std::string_view what, const std::string& sql, const std::function<void(std::string_view)>& consume) {
    Result start(PQexec(conn_, sql.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_OUT) fail(what, start.get());
    // Reads the rest of the COPY (after `consume` threw) so that the connection is usable again.
    const auto drain = [&] {
        for (char* row = nullptr; PQgetCopyData(conn_, &row, 0) >= 0; row = nullptr) PQfreemem(row);
        while (Result rest{PQgetResult(conn_)}) {}
    };
    for (;;) {
        char* row = nullptr;
        const int size = PQgetCopyData(conn_, &row, 0);
        if (size == -1) break;
        if (size < 0) fail(what, nullptr);
        const std::unique_ptr<char, void (*)(void*)> owned(row, PQfreemem);
        std::string_view line(row, static_cast<std::size_t>(size));
        if (line.ends_with('\n')) line.remove_suffix(1);
        try {
            consume(line);
        } catch (...) {
            drain();
            throw;
        }
    }
    Result end(PQgetResult(conn_));
    const bool ok = end && PQresultStatus(end.get()) == PGRES_COMMAND_OK;
    if (!ok) {
        while (Result rest{PQgetResult(conn_)}) {}
        fail(what, end.get());
    }
    while (Result rest{PQgetResult(conn_)}) {}
}

Transaction::Transaction(Connection& conn, const char* begin) : conn_(conn) {
    conn_.revive();
    conn_.exec("starting a transaction", begin);
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        conn_.exec("rolling back", "ROLLBACK");
    } catch (...) {
        // The connection is gone: so is the transaction.
    }
}

void Transaction::commit() {
    open_ = false;
    conn_.exec("committing", "COMMIT");
}

void append_copy_text(std::string& out, std::string_view value) {
    for (std::size_t begin = 0;;) {
        const std::size_t special = value.find_first_of("\\\t\n\r", begin);
        out.append(value.substr(begin, special - begin));
        if (special == std::string_view::npos) return;
        switch (value[special]) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            default: out += "\\r"; break;
        }
        begin = special + 1;
    }
}

void append_copy_bytea(std::string& out, std::string_view bytes) {
    out += "\\\\x";
    sbom::append_hex(out, bytes);
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool CopyRow::split(std::string_view row, std::size_t fields) {
    fields_.clear();
    nulls_.clear();
    unescaped_.clear();
    unescaped_.reserve(row.size());  // never longer than the row: views into it stay valid
    for (std::size_t begin = 0;;) {
        const std::size_t tab = row.find('\t', begin);
        const std::string_view field = row.substr(begin, tab == std::string_view::npos ? std::string_view::npos : tab - begin);
        if (field == "\\N") {
            fields_.emplace_back();
            nulls_.push_back(true);
        } else if (field.find('\\') == std::string_view::npos) {
            fields_.push_back(field);
            nulls_.push_back(false);
        } else {
            const std::size_t start = unescaped_.size();
            for (std::size_t i = 0; i < field.size(); ++i) {
                if (field[i] != '\\' || i + 1 == field.size()) {
                    unescaped_ += field[i];
                    continue;
                }
                const char c = field[++i];
                switch (c) {
                    case 'b': unescaped_ += '\b'; break;
                    case 'f': unescaped_ += '\f'; break;
                    case 'n': unescaped_ += '\n'; break;
                    case 'r': unescaped_ += '\r'; break;
                    case 't': unescaped_ += '\t'; break;
                    case 'v': unescaped_ += '\v'; break;
                    case 'x':
                        if (i + 1 < field.size() && hex_value(field[i + 1]) >= 0) {
                            int value = hex_value(field[++i]);
                            if (i + 1 < field.size() && hex_value(field[i + 1]) >= 0) value = value * 16 + hex_value(field[++i]);
                            unescaped_ += static_cast<char>(value);
                        } else {
                            unescaped_ += 'x';
                        }
                        break;
                    default:
                        if (c >= '0' && c <= '7') {
                            int value = c - '0';
                            for (int n = 0; n < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++n)
                                value = value * 8 + (field[++i] - '0');
                            unescaped_ += static_cast<char>(value);
                        } else {
                            unescaped_ += c;
                        }
                }
            }
            fields_.push_back(std::string_view(unescaped_).substr(start));
            nulls_.push_back(false);
        }
        if (tab == std::string_view::npos) break;
        begin = tab + 1;
    }
    return fields_.size() == fields;
}

std::optional<std::string> bytea_from_hex(std::string_view text) {
    if (!text.starts_with("\\x") || text.size() % 2 != 0) return std::nullopt;
    std::string bytes;
    bytes.reserve(text.size() / 2 - 1);
    for (std::size_t i = 2; i < text.size(); i += 2) {
        const int high = hex_value(text[i]), low = hex_value(text[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        bytes += static_cast<char>(high * 16 + low);
    }
    return bytes;
}

std::string text_array(std::span<const std::string> values) {
    std::string out = "{";
    for (const std::string& value : values) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : value) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::vector<std::string> parse_text_array(std::string_view literal) {
    std::vector<std::string> values;
    if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}')
        throw StoreError(StoreError::Kind::Corrupt, "not an array: '" + std::string(literal) + "'");
    literal = literal.substr(1, literal.size() - 2);
    for (std::size_t i = 0; i < literal.size();) {
        std::string value;
        if (literal[i] == '"') {
            for (++i; i < literal.size() && literal[i] != '"'; ++i) {
                if (literal[i] == '\\' && i + 1 < literal.size()) ++i;
                value += literal[i];
            }
            ++i;  // the closing quote
            values.push_back(std::move(value));
        } else {
            const std::size_t end = std::min(literal.find(',', i), literal.size());
            value = literal.substr(i, end - i);
            if (value != "NULL") values.push_back(std::move(value));
            i = end;
        }
        if (i < literal.size() && literal[i] == ',') ++i;
    }
    return values;
}

}  // namespace bomwatch::store::pg
