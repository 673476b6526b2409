// xml_baseline FILE...: the floor for reading XML SBOMs. One bare libxml2 xmlTextReader pass over
// each file in turn, single-threaded, calling xmlTextReaderRead for every node and nothing else,
// fed in blocks through a read callback so no copy of the file is held. The parser options are
// the ones bomwatch's XML readers use (sbom/xml_reader.cpp): no DTD loaded, no entity
// substituted, nothing fetched from the network, CDATA as text, compact text nodes, line numbers
// past 65535. Prints nothing on success; exit 2 with a message on a parse error.
#include <cstdio>

#include <libxml/xmlreader.h>

namespace {

int read_block(void* context, char* buffer, int length) {
    std::FILE* file = static_cast<std::FILE*>(context);
    const std::size_t got = std::fread(buffer, 1, static_cast<std::size_t>(length), file);
    return got == 0 && std::ferror(file) ? -1 : static_cast<int>(got);
}

// Reads every node of `path`; false (with a message) on an open or parse error.
bool read_all(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) {
        std::fprintf(stderr, "xml_baseline: cannot open %s\n", path);
        return false;
    }
    constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS;
    xmlTextReaderPtr reader = xmlReaderForIO(read_block, nullptr, file, path, nullptr, kOptions);
    int status = reader == nullptr ? -1 : 1;
    while (status == 1) status = xmlTextReaderRead(reader);
    if (reader != nullptr) xmlFreeTextReader(reader);
    std::fclose(file);
    if (status != 0) std::fprintf(stderr, "xml_baseline: %s: not well-formed XML\n", path);
    return status == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: xml_baseline FILE...\n", stderr);
        return 2;
    }
    LIBXML_TEST_VERSION
    for (int i = 1; i < argc; ++i)
        if (!read_all(argv[i])) return 2;
    xmlCleanupParser();
    return 0;
}
