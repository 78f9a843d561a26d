// The metrics endpoint's request path: any bytes, parsed as the endpoint parses
// them (Beast, same limits), then answered. A parsed request gets 200 only for
// GET or HEAD on /metrics, 404 or 405 otherwise, never a crash. The same bytes,
// used as a label value, must escape to valid exposition text that unescapes
// back to the original (for UTF-8 input).
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "control-plane/metrics/exposition.hpp"
#include "control-plane/metrics/http_endpoint.hpp"

namespace {

namespace http = boost::beast::http;
using namespace ravelin::cp::metrics;

void check_answer(std::string_view bytes, const registry& reg) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(endpoint_limits{}.max_header_bytes));
    parser.body_limit(0);
    parser.eager(true);
    boost::beast::error_code error;
    parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    if (error || !parser.is_header_done()) return;
    const http_request& request = parser.get();
    const http_response response = answer(request, reg);
    const std::string_view target(request.target().data(), request.target().size());
    const bool on_metrics = target.substr(0, target.find('?')) == "/metrics";
    const bool readable = request.method() == http::verb::get || request.method() == http::verb::head;
    const auto expected = !on_metrics ? http::status::not_found
                          : readable  ? http::status::ok
                                      : http::status::method_not_allowed;
    if (response.result() != expected) std::abort();
}

// Undo escape_label_value: \\ \" \n, nothing else may follow a backslash.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '"') std::abort();  // raw: would end the value or line
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size()) std::abort();
        if (text[i] == 'n') out += '\n';
        else if (text[i] == '\\' || text[i] == '"') out += text[i];
        else std::abort();
    }
    return out;
}

void check_label_value(std::string_view bytes) {
    const std::string escaped = escape_label_value(bytes);
    const std::string back = unescape(escaped);
    // Valid UTF-8 round-trips; anything else differs only by U+FFFD replacements.
    if (escape_label_value(back) != escaped) std::abort();
    if (back.find("\xEF\xBF\xBD") == std::string::npos && bytes.find("\xEF\xBF\xBD") == std::string_view::npos &&
        back != bytes) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static registry reg = [] {
        registry r;
        r.add_gauge({"ravelin_fuzz_up", {}, {}, "x"}).with({}).set(1);
        return r;
    }();
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_answer(bytes, reg);
    check_label_value(bytes);
    return 0;
}
