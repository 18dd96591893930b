/* EXPECT: D_PROTO_ARG at 6:15: d_path() takes a struct path *, not another struct's pointer. */
struct file_like { long f_mode; };

BEGIN
{
	trace(d_path((struct file_like *)0));
}
