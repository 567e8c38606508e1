request.headers.add("X-Gateway", "ig")
return next.handle(context, request)
