
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'anticip' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'anticip'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'anticip' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Schedule, inspect and manage HTTP callbacks and SQS messages')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Create and fire rules: remote triggers, schedules, amount queries')
            [CompletionResult]::new('credential', 'credential', [CompletionResultType]::ParameterValue, 'Store and manage credentials for AWS, Stripe and other APIs')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Keep copies of third-party API collections with a change stream')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Create, list and revoke API keys for the HTTP API')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the engine and the HTTP API until SIGTERM or SIGINT')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ into a directory (for packaging and the repository)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;event' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Schedule an HTTP callback or an SQS message; prints the new event''s id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List events in time order')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an event, its state and every delivery attempt')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an event so that it never fires')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a failed event again, due now, with a fresh set of attempts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;event;create' {
            [CompletionResult]::new('--when', '--when', [CompletionResultType]::ParameterName, 'When to fire: a timestamp, a relative time or a calendar phrase (see below)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The http(s) URL to call; for sqs events the queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/orders')
            [CompletionResult]::new('--document', '--document', [CompletionResultType]::ParameterName, 'What to send: JSON for json and sqs events (an object), the XML text for xml events. @FILE reads a file, - reads stdin [default: {} for json and sqs, empty for xml]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'type')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method (not for sqs events) [default: post]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, ''Name: value'' (repeatable; not for sqs events)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one attempt may take (e.g. 30s, 2m)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts before the event fails for good')
            [CompletionResult]::new('--credential', '--credential', [CompletionResultType]::ParameterName, 'The stored AWS credential to sign with (see `anticip credential add aws`) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE in ~/.aws/credentials, as anticip serve sees them]')
            [CompletionResult]::new('--message-group-id', '--message-group-id', [CompletionResultType]::ParameterName, 'The message group of a FIFO queue [default: the event id]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The signing region [default: the credential''s, else the queue URL''s, else AWS_REGION, else us-east-1]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'anticip;event;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only events in this state')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;event;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;event;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;event;retry' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;event;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Schedule an HTTP callback or an SQS message; prints the new event''s id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List events in time order')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an event, its state and every delivery attempt')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an event so that it never fires')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a failed event again, due now, with a fresh set of attempts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;event;help;create' {
            break
        }
        'anticip;event;help;list' {
            break
        }
        'anticip;event;help;get' {
            break
        }
        'anticip;event;help;delete' {
            break
        }
        'anticip;event;help;retry' {
            break
        }
        'anticip;event;help;help' {
            break
        }
        'anticip;rule' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule; prints its id, trigger URL and, this once only, its secrets')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rule and its next fire times')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the rule be triggered again')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Refuse triggers and stop its schedule; queued runs still run')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule with its runs')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Fire a rule by hand; prints the run''s request id')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The rule''s run history, newest first')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Make a new trigger secret; the old one keeps working for the grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;rule;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'name')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'How the rule is fired')
            [CompletionResult]::new('--action-url', '--action-url', [CompletionResultType]::ParameterName, 'Where the action is POSTed')
            [CompletionResult]::new('--amount-cents', '--amount-cents', [CompletionResultType]::ParameterName, 'A fixed amount')
            [CompletionResult]::new('--amount-from', '--amount-from', [CompletionResultType]::ParameterName, 'Ask this URL for the amount ("Query Remote API"): it answers {"amountInCents": N}')
            [CompletionResult]::new('--amount-cap-cents', '--amount-cap-cents', [CompletionResultType]::ParameterName, 'Refuse a queried amount above this')
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'For --trigger schedule: a 5-field cron expression, e.g. "0 9 * * MON"')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The IANA time zone of --cron')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'For --trigger schedule: a fixed interval, e.g. 15m')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Remote triggers allowed per interval; more get 429 with Retry-After')
            [CompletionResult]::new('--max-concurrent-runs', '--max-concurrent-runs', [CompletionResultType]::ParameterName, 'Runs of this rule at once; the others wait their turn')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the amount query and each action call may take')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Action calls before the run fails for good')
            [CompletionResult]::new('--idempotency-ttl', '--idempotency-ttl', [CompletionResultType]::ParameterName, 'How long an idempotency key is remembered (at least 24h)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'anticip;rule;list' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;get' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;enable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;disable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;trigger' {
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'A retry with the same key runs nothing new and gets the same request id')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;runs' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;rotate-secret' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'grace')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;rule;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule; prints its id, trigger URL and, this once only, its secrets')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rule and its next fire times')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the rule be triggered again')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Refuse triggers and stop its schedule; queued runs still run')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule with its runs')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Fire a rule by hand; prints the run''s request id')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The rule''s run history, newest first')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Make a new trigger secret; the old one keeps working for the grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;rule;help;create' {
            break
        }
        'anticip;rule;help;list' {
            break
        }
        'anticip;rule;help;get' {
            break
        }
        'anticip;rule;help;enable' {
            break
        }
        'anticip;rule;help;disable' {
            break
        }
        'anticip;rule;help;delete' {
            break
        }
        'anticip;rule;help;trigger' {
            break
        }
        'anticip;rule;help;runs' {
            break
        }
        'anticip;rule;help;rotate-secret' {
            break
        }
        'anticip;rule;help;help' {
            break
        }
        'anticip;credential' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; prints its id. Secrets are never shown again')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials, secrets masked')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one credential, secrets masked')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a credential nothing uses any more')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;credential;add' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('aws', 'aws', [CompletionResultType]::ParameterValue, 'AWS access keys, for SQS events')
            [CompletionResult]::new('stripe', 'stripe', [CompletionResultType]::ParameterValue, 'A Stripe secret or restricted key, for Stripe syncs')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;credential;add;aws' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A unique name to refer to it by')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Your own JSON object, kept with it')
            [CompletionResult]::new('--access-key-id', '--access-key-id', [CompletionResultType]::ParameterName, 'access-key-id')
            [CompletionResult]::new('--secret-access-key', '--secret-access-key', [CompletionResultType]::ParameterName, 'secret-access-key')
            [CompletionResult]::new('--session-token', '--session-token', [CompletionResultType]::ParameterName, 'For temporary credentials')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Signing region [default: taken from the queue URL]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Send requests here instead of AWS (an SQS-compatible server)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;add;stripe' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A unique name to refer to it by')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Your own JSON object, kept with it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret key, sk_live_… / sk_test_… / rk_…')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;add;http' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A unique name to refer to it by')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Your own JSON object, kept with it')
            [CompletionResult]::new('--bearer', '--bearer', [CompletionResultType]::ParameterName, 'Authorization: Bearer TOKEN')
            [CompletionResult]::new('--basic', '--basic', [CompletionResultType]::ParameterName, 'Basic auth')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An API key in a request header')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'An API key in a query parameter')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;add;help' {
            [CompletionResult]::new('aws', 'aws', [CompletionResultType]::ParameterValue, 'AWS access keys, for SQS events')
            [CompletionResult]::new('stripe', 'stripe', [CompletionResultType]::ParameterValue, 'A Stripe secret or restricted key, for Stripe syncs')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;credential;add;help;aws' {
            break
        }
        'anticip;credential;add;help;stripe' {
            break
        }
        'anticip;credential;add;help;http' {
            break
        }
        'anticip;credential;add;help;help' {
            break
        }
        'anticip;credential;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;credential;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; prints its id. Secrets are never shown again')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials, secrets masked')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one credential, secrets masked')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a credential nothing uses any more')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;credential;help;add' {
            [CompletionResult]::new('aws', 'aws', [CompletionResultType]::ParameterValue, 'AWS access keys, for SQS events')
            [CompletionResult]::new('stripe', 'stripe', [CompletionResultType]::ParameterValue, 'A Stripe secret or restricted key, for Stripe syncs')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter')
            break
        }
        'anticip;credential;help;add;aws' {
            break
        }
        'anticip;credential;help;add;stripe' {
            break
        }
        'anticip;credential;help;add;http' {
            break
        }
        'anticip;credential;help;list' {
            break
        }
        'anticip;credential;help;get' {
            break
        }
        'anticip;credential;help;delete' {
            break
        }
        'anticip;credential;help;help' {
            break
        }
        'anticip;sync' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sync; prints its id. Its backfill starts at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List syncs with their status')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a sync and the status of each collection')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a sync''s requests until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused sync where it stopped')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a sync with its records and change stream')
            [CompletionResult]::new('records', 'records', [CompletionResultType]::ParameterValue, 'The records of a sync, in the order they last changed')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The change stream of a sync (--json: one Sequin event object per line)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;sync;create' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'provider')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A unique name to refer to it by')
            [CompletionResult]::new('--credential', '--credential', [CompletionResultType]::ParameterName, 'The credential (id or name) its requests authenticate with')
            [CompletionResult]::new('--collections', '--collections', [CompletionResultType]::ParameterName, 'Collections to sync, comma-separated [default for http: all in the file]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The TOML file describing the API (--provider http)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Send requests here instead of the provider''s own host (tests, emulators, proxies)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'At most N requests per INTERVAL, shared with every sync of the same credential (e.g. 100/60s) [default: 25/1s for stripe, none otherwise]')
            [CompletionResult]::new('--max-concurrent', '--max-concurrent', [CompletionResultType]::ParameterName, 'At most N requests in flight at once (0: no limit)')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'How often to poll for changes once backfilled')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Your own JSON object, kept with it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'anticip;sync;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;pause' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;resume' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;run' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;records' {
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'The sync (id or name)')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Only this collection')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Start after this seq (a number, or the `seq` of a JSON line)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;events' {
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'The sync (id or name)')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Only this collection')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Start after this seq (a number, or the `seq` of a JSON line)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing new events as they are committed (stop with Ctrl-C)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;sync;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sync; prints its id. Its backfill starts at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List syncs with their status')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a sync and the status of each collection')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a sync''s requests until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused sync where it stopped')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a sync with its records and change stream')
            [CompletionResult]::new('records', 'records', [CompletionResultType]::ParameterValue, 'The records of a sync, in the order they last changed')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The change stream of a sync (--json: one Sequin event object per line)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;sync;help;create' {
            break
        }
        'anticip;sync;help;list' {
            break
        }
        'anticip;sync;help;get' {
            break
        }
        'anticip;sync;help;pause' {
            break
        }
        'anticip;sync;help;resume' {
            break
        }
        'anticip;sync;help;run' {
            break
        }
        'anticip;sync;help;delete' {
            break
        }
        'anticip;sync;help;records' {
            break
        }
        'anticip;sync;help;events' {
            break
        }
        'anticip;sync;help;help' {
            break
        }
        'anticip;key' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make an API key for the HTTP API; prints it once (it cannot be shown again)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API keys: id, name, created, last used (never the key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API key: requests with it are refused from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;key;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name to recognise it by, e.g. the service that uses it')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;key;import' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name to recognise it by')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;key;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;key;revoke' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make an API key for the HTTP API; prints it once (it cannot be shown again)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API keys: id, name, created, last used (never the key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API key: requests with it are refused from now on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;key;help;create' {
            break
        }
        'anticip;key;help;import' {
            break
        }
        'anticip;key;help;list' {
            break
        }
        'anticip;key;help;revoke' {
            break
        }
        'anticip;key;help;help' {
            break
        }
        'anticip;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where the HTTP API listens, HOST:PORT (port 0 picks a free port; the log says which)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--shutdown-grace', '--shutdown-grace', [CompletionResultType]::ParameterName, 'On SIGTERM/SIGINT, how long in-flight requests and deliveries may take to finish')
            [CompletionResult]::new('--retry-base', '--retry-base', [CompletionResultType]::ParameterName, 'The first retry delay; each next one is 3 times longer, jittered by ±20%')
            [CompletionResult]::new('--retry-cap', '--retry-cap', [CompletionResultType]::ParameterName, 'The longest retry delay')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;generate' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less log output (-q errors only, -qq nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'anticip;help' {
            [CompletionResult]::new('event', 'event', [CompletionResultType]::ParameterValue, 'Schedule, inspect and manage HTTP callbacks and SQS messages')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Create and fire rules: remote triggers, schedules, amount queries')
            [CompletionResult]::new('credential', 'credential', [CompletionResultType]::ParameterValue, 'Store and manage credentials for AWS, Stripe and other APIs')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Keep copies of third-party API collections with a change stream')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Create, list and revoke API keys for the HTTP API')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the engine and the HTTP API until SIGTERM or SIGINT')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ into a directory (for packaging and the repository)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'anticip;help;event' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Schedule an HTTP callback or an SQS message; prints the new event''s id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List events in time order')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show an event, its state and every delivery attempt')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an event so that it never fires')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a failed event again, due now, with a fresh set of attempts')
            break
        }
        'anticip;help;event;create' {
            break
        }
        'anticip;help;event;list' {
            break
        }
        'anticip;help;event;get' {
            break
        }
        'anticip;help;event;delete' {
            break
        }
        'anticip;help;event;retry' {
            break
        }
        'anticip;help;rule' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a rule; prints its id, trigger URL and, this once only, its secrets')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List rules')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a rule and its next fire times')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let the rule be triggered again')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Refuse triggers and stop its schedule; queued runs still run')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a rule with its runs')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Fire a rule by hand; prints the run''s request id')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The rule''s run history, newest first')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Make a new trigger secret; the old one keeps working for the grace period')
            break
        }
        'anticip;help;rule;create' {
            break
        }
        'anticip;help;rule;list' {
            break
        }
        'anticip;help;rule;get' {
            break
        }
        'anticip;help;rule;enable' {
            break
        }
        'anticip;help;rule;disable' {
            break
        }
        'anticip;help;rule;delete' {
            break
        }
        'anticip;help;rule;trigger' {
            break
        }
        'anticip;help;rule;runs' {
            break
        }
        'anticip;help;rule;rotate-secret' {
            break
        }
        'anticip;help;credential' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Store a credential; prints its id. Secrets are never shown again')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List credentials, secrets masked')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one credential, secrets masked')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a credential nothing uses any more')
            break
        }
        'anticip;help;credential;add' {
            [CompletionResult]::new('aws', 'aws', [CompletionResultType]::ParameterValue, 'AWS access keys, for SQS events')
            [CompletionResult]::new('stripe', 'stripe', [CompletionResultType]::ParameterValue, 'A Stripe secret or restricted key, for Stripe syncs')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter')
            break
        }
        'anticip;help;credential;add;aws' {
            break
        }
        'anticip;help;credential;add;stripe' {
            break
        }
        'anticip;help;credential;add;http' {
            break
        }
        'anticip;help;credential;list' {
            break
        }
        'anticip;help;credential;get' {
            break
        }
        'anticip;help;credential;delete' {
            break
        }
        'anticip;help;sync' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sync; prints its id. Its backfill starts at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List syncs with their status')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a sync and the status of each collection')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a sync''s requests until it is resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused sync where it stopped')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a sync with its records and change stream')
            [CompletionResult]::new('records', 'records', [CompletionResultType]::ParameterValue, 'The records of a sync, in the order they last changed')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The change stream of a sync (--json: one Sequin event object per line)')
            break
        }
        'anticip;help;sync;create' {
            break
        }
        'anticip;help;sync;list' {
            break
        }
        'anticip;help;sync;get' {
            break
        }
        'anticip;help;sync;pause' {
            break
        }
        'anticip;help;sync;resume' {
            break
        }
        'anticip;help;sync;run' {
            break
        }
        'anticip;help;sync;delete' {
            break
        }
        'anticip;help;sync;records' {
            break
        }
        'anticip;help;sync;events' {
            break
        }
        'anticip;help;key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make an API key for the HTTP API; prints it once (it cannot be shown again)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API keys: id, name, created, last used (never the key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API key: requests with it are refused from now on')
            break
        }
        'anticip;help;key;create' {
            break
        }
        'anticip;help;key;import' {
            break
        }
        'anticip;help;key;list' {
            break
        }
        'anticip;help;key;revoke' {
            break
        }
        'anticip;help;serve' {
            break
        }
        'anticip;help;completions' {
            break
        }
        'anticip;help;generate' {
            break
        }
        'anticip;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
