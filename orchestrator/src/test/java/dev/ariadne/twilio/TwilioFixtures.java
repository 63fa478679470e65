package dev.ariadne.twilio;

/** Response bodies as Twilio documents them (API reference, 2010-04-01), trimmed to what matters. */
final class TwilioFixtures {
    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "f00dfacecafe5eedf00dfacecafe5eed";
    static final String NUMBER_SID = "PN0123456789abcdef0123456789abcdef";
    static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";

    private TwilioFixtures() {}

    static String account(String sid) {
        return """
                {"auth_token": "redacted", "date_created": "Thu, 30 Jul 2015 20:00:00 +0000",
                 "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000", "friendly_name": "Ariadne test account",
                 "owner_account_sid": "%1$s", "sid": "%1$s", "status": "active", "subresource_uris": {},
                 "type": "Full", "uri": "/2010-04-01/Accounts/%1$s.json"}""".formatted(sid);
    }

    static String number(String accountSid, String sid, String e164) {
        return """
                {"account_sid": "%1$s", "address_requirements": "none", "api_version": "2010-04-01", "beta": false,
                 "capabilities": {"voice": true, "sms": false, "mms": false, "fax": false},
                 "date_created": "Thu, 30 Jul 2015 23:19:04 +0000", "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
                 "friendly_name": "%3$s", "phone_number": "%3$s", "sid": "%2$s", "status": "in-use",
                 "status_callback": "", "status_callback_method": "POST", "voice_method": "POST", "voice_url": "",
                 "uri": "/2010-04-01/Accounts/%1$s/IncomingPhoneNumbers/%2$s.json"}""".formatted(accountSid, sid, e164);
    }

    static String call(String accountSid, String sid, String to, String from, String status) {
        return """
                {"account_sid": "%1$s", "api_version": "2010-04-01", "date_created": "Tue, 31 Aug 2010 20:36:28 +0000",
                 "direction": "outbound-api", "from": "%4$s", "from_formatted": "%4$s", "sid": "%2$s",
                 "status": "%5$s", "to": "%3$s", "to_formatted": "%3$s",
                 "uri": "/2010-04-01/Accounts/%1$s/Calls/%2$s.json"}""".formatted(accountSid, sid, to, from, status);
    }

    static String error(int status, int code, String message) {
        return """
                {"code": %2$d, "message": "%3$s", "more_info": "https://www.twilio.com/docs/errors/%2$d", "status": %1$d}"""
                .formatted(status, code, message);
    }
}
