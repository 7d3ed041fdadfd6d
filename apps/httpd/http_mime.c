/*
 * Extension to media type.  A short table searched linearly: the lookup
 * happens once per file in the open-file cache, not once per request.
 */
#include "http_mime.h"
#include "http_parse.h"

static const struct {
	const char *ext;
	const char *type;
} mime_table[] = {
	{ "html",  "text/html; charset=utf-8" },
	{ "htm",   "text/html; charset=utf-8" },
	{ "css",   "text/css; charset=utf-8" },
	{ "js",    "text/javascript; charset=utf-8" },	/* RFC 9239 */
	{ "mjs",   "text/javascript; charset=utf-8" },
	{ "json",  "application/json" },
	{ "svg",   "image/svg+xml" },
	{ "png",   "image/png" },
	{ "jpg",   "image/jpeg" },
	{ "jpeg",  "image/jpeg" },
	{ "gif",   "image/gif" },
	{ "webp",  "image/webp" },
	{ "avif",  "image/avif" },
	{ "ico",   "image/x-icon" },
	{ "txt",   "text/plain; charset=utf-8" },
	{ "md",    "text/markdown; charset=utf-8" },
	{ "csv",   "text/csv; charset=utf-8" },
	{ "wasm",  "application/wasm" },
	{ "pdf",   "application/pdf" },
	{ "woff2", "font/woff2" },
	{ "woff",  "font/woff" },
	{ "ttf",   "font/ttf" },
	{ "otf",   "font/otf" },
	{ "xml",   "application/xml" },
	{ "mp4",   "video/mp4" },
	{ "webm",  "video/webm" },
	{ "mp3",   "audio/mpeg" },
	{ "ogg",   "audio/ogg" },
	{ "zip",   "application/zip" },
	{ "gz",    "application/gzip" },
	{ "tar",   "application/x-tar" },
	{ "map",   "application/json" },
};

#define DEFAULT_TYPE "application/octet-stream"

const char *http_mime_type(const char *path, size_t n)
{
	size_t i = n, dot;

	/* the extension: after the last dot of the last segment; a leading
	 * dot (".profile") names a file, not an extension */
	while (i > 0 && path[i - 1] != '.' && path[i - 1] != '/')
		i--;
	if (i == 0 || path[i - 1] != '.')
		return DEFAULT_TYPE;
	dot = i - 1;
	if (dot == 0 || path[dot - 1] == '/')
		return DEFAULT_TYPE;
	for (size_t k = 0; k < sizeof(mime_table) / sizeof(mime_table[0]); k++) {
		if (http_str_ieq(path + i, n - i, mime_table[k].ext))
			return mime_table[k].type;
	}
	return DEFAULT_TYPE;
}
