import javax.naming.InitialContext

def ds = new InitialContext().lookup("java:comp/env/jdbc/audit")
return next.handle(context, request)
