package dev.ariadne.twilio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.twilio.web.TwilioCompatController.Instruction;
import org.junit.jupiter.api.Test;

/** What the Calls API subset reads from the TwiML an agent sends: hangup, a dial target, or why it is not served. */
class TwimlInstructionTests {

    @Test
    void hangupIsAnEnd() {
        assertThat(TwilioCompatController.instruction("<?xml version=\"1.0\"?><Response><Hangup/></Response>"))
                .isEqualTo(new Instruction("hangup", null));
    }

    @Test
    void dialToANumberOrSipUriIsATransferThere() {
        assertThat(TwilioCompatController.instruction("<Response><Dial><Number> +15557654321 </Number></Dial></Response>"))
                .isEqualTo(new Instruction("dial", "+15557654321"));
        assertThat(TwilioCompatController.instruction("<Response><Dial><Sip>sip:desk@pbx.example</Sip></Dial></Response>"))
                .isEqualTo(new Instruction("dial", "sip:desk@pbx.example"));
        assertThat(TwilioCompatController.instruction("<Response><Dial>+15557654321</Dial></Response>"))
                .isEqualTo(new Instruction("dial", "+15557654321"));
    }

    @Test
    void otherVerbsAndBrokenDocumentsAreNotServedAndSaySo() {
        assertThat(TwilioCompatController.instruction("<Response><Say>hi</Say></Response>"))
                .isEqualTo(new Instruction("unsupported", "<Say> is not served"));
        assertThat(TwilioCompatController.instruction("<Response><Dial/></Response>"))
                .isEqualTo(new Instruction("unsupported", "the <Dial> names no number or SIP URI"));
        assertThat(TwilioCompatController.instruction("<Response/>"))
                .isEqualTo(new Instruction("unsupported", "the <Response> is empty"));
        assertThat(TwilioCompatController.instruction("<Hangup/>"))
                .isEqualTo(new Instruction("unsupported", "the root element is not <Response>"));
        assertThat(TwilioCompatController.instruction("<Response><Hangup>"))
                .isEqualTo(new Instruction("unsupported", "the TwiML is not well-formed XML"));
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <Response><Dial><Number>&x;</Number></Dial></Response>""";
        assertThat(TwilioCompatController.instruction(xxe))
                .isEqualTo(new Instruction("unsupported", "the TwiML is not well-formed XML"));
    }
}
