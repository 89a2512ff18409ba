/* The settings table: defaults, environment, flags, and refusal of bad values. */
#include <string.h>

#include "check.h"
#include "core/config.h"

static const char *env_names[8];
static const char *env_values[8];
static int env_count;

static const char *fake_getenv(const char *name)
{
	for (int i = 0; i < env_count; i++)
		if (!strcmp(env_names[i], name))
			return env_values[i];
	return NULL;
}

static void env(const char *name, const char *value)
{
	env_names[env_count] = name;
	env_values[env_count++] = value;
}

static int load(struct config *c, int argc, char **argv, char *err)
{
	return config_load(c, fake_getenv, argc, argv, err, 256);
}

int main(void)
{
	struct config c;
	char err[256];

	/* defaults */
	env_count = 0;
	CHECK_EQ_INT(load(&c, 0, NULL, err), 0);
	CHECK_STR(c.listen_host, "127.0.0.1");
	CHECK_EQ_INT((int)c.listen_port, 8080);
	CHECK_EQ_INT((int)c.threads, 1);
	CHECK_EQ_INT((int)c.max_body, 1024 * 1024);
	CHECK_EQ_INT((int)c.max_bulk_body, 8 * 1024 * 1024);
	CHECK_EQ_INT((int)c.max_document, 20 * 1024 * 1024);
	CHECK_STR(c.timezone, "Asia/Shanghai");
	CHECK_STR(c.database_url, "");
	CHECK_EQ_INT((int)c.pre_confirmation_due_days, 5);
	CHECK_EQ_INT((int)c.case_response_days, 3);
	CHECK_EQ_INT((int)c.case_investigation_days, 30);

	/* environment */
	env("IPR_THREADS", "8");
	env("IPR_LISTEN", "[::1]:0");
	env("IPR_MAX_BODY", "64K");
	env("IPR_TIMEZONE", "Europe/Brussels");
	CHECK_EQ_INT(load(&c, 0, NULL, err), 0);
	CHECK_EQ_INT((int)c.threads, 8);
	CHECK_STR(c.listen_host, "::1");
	CHECK_EQ_INT((int)c.listen_port, 0);
	CHECK_EQ_INT((int)c.max_body, 65536);
	CHECK_STR(c.timezone, "Europe/Brussels");

	/* flags win over the environment, in both spellings */
	char *argv1[] = {"--threads=2", "--listen", "0.0.0.0:9000", "--log-level=debug"};
	CHECK_EQ_INT(load(&c, 4, argv1, err), 0);
	CHECK_EQ_INT((int)c.threads, 2);
	CHECK_STR(c.listen_host, "0.0.0.0");
	CHECK_EQ_INT((int)c.listen_port, 9000);
	CHECK_EQ_INT((int)c.log_level, 0);

	/* bad values are refused, naming the setting */
	env_count = 0;
	env("IPR_THREADS", "abc");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	CHECK(strstr(err, "IPR_THREADS") != NULL);
	env_count = 0;
	env("IPR_THREADS", "0");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	env_count = 0;
	env("IPR_THREADS", "4x");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	env_count = 0;
	env("IPR_LISTEN", "localhost");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	CHECK(strstr(err, "IPR_LISTEN") != NULL);
	env_count = 0;
	env("IPR_LISTEN", "127.0.0.1:70000");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	env_count = 0;
	env("IPR_TIMEZONE", "Mars/Olympus_Mons");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	CHECK(strstr(err, "IPR_TIMEZONE") != NULL);
	env_count = 0;
	env("IPR_TIMEZONE", "../../etc/passwd");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	env_count = 0;
	env("IPR_MAX_BODY", "12Q");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	env_count = 0;
	env("IPR_LOG_LEVEL", "loud");
	CHECK_EQ_INT(load(&c, 0, NULL, err), -1);
	CHECK(strstr(err, "IPR_LOG_LEVEL") != NULL);
	env_count = 0;
	char *argv2[] = {"--no-such-setting=1"};
	CHECK_EQ_INT(load(&c, 1, argv2, err), -1);
	CHECK(strstr(err, "--no-such-setting") != NULL);
	char *argv3[] = {"--threads"};
	CHECK_EQ_INT(load(&c, 1, argv3, err), -1);

	return check_summary("test_config");
}
