// Boost.URL's header-only build, compiled once for the whole project.
#include <boost/url/src.hpp>
