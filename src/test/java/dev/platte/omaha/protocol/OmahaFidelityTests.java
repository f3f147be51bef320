package dev.platte.omaha.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What other clients than update_engine send and expect, written down where the codec meets them.
 *
 * <p>A failed app ({@code app/@status} other than {@code ok}) has no children:
 * <ul>
 * <li>update_engine ({@code OmahaRequestAction::ParseResponse}, omaha_request_action.cc) never reads
 *     {@code app/@status}; it looks up {@code /response/app/updatecheck}. Missing, it fails the check with
 *     error 34 (kActionCodeOmahaResponseInvalid), exactly as for an {@code updatecheck} whose status is
 *     neither {@code ok} nor {@code noupdate}. So an {@code updatecheck status="error-internal"} adds nothing
 *     for it, and would tell a Google-style client that the server broke when the client erred.</li>
 * <li>go-omaha's client ({@code client.go}, {@code doReq}) returns the app status as the error before it
 *     looks at any child, and sends no error event for a well-formed non-ok status.</li>
 * <li>go-omaha's server ({@code handler.go}, {@code serveApp}) answers a failed {@code CheckApp} with
 *     {@code AddApp(id, status)} and nothing else; the v3 spec's {@code ping}/{@code event status="ok"}
 *     means "recognized", which a failed app's ping and events were not.</li>
 * </ul>
 */
class OmahaFidelityTests {

    private static final String FLATCAR_APP_ID = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";

    private final OmahaCodec codec = new OmahaCodec();

    private AppRequest onlyApp(String xml) throws Exception {
        return codec.decode(xml.getBytes(StandardCharsets.UTF_8)).apps().getFirst();
    }

    @Test
    void takesTheRequestUserIdAsMachineIdWhenTheAppNamesNone() throws Exception {
        var app = onlyApp("""
                <request protocol="3.0" version="1.3.36.1" userid="{D0BBD725-742D-44AE-8D46-0231E881D58E}" \
                sessionid="{5A4F2D6C-0000-4000-8000-000000000001}"><os platform="linux" arch="x64"/>\
                <app appid="%s" version="2512.2.0" track="stable"><updatecheck/></app></request>""".formatted(FLATCAR_APP_ID));

        assertThat(app.machineId()).isEqualTo("{D0BBD725-742D-44AE-8D46-0231E881D58E}");
    }

    @Test
    void takesTheRequestUserIdWhenTheAppMachineIdIsEmpty() throws Exception {
        var app = onlyApp("""
                <request protocol="3.0" userid="ec22ce10dc18aadd41c80d8f78b341a0"><app appid="%s" version="1.0.0" \
                machineid=""><ping/></app></request>""".formatted(FLATCAR_APP_ID));

        assertThat(app.machineId()).isEqualTo("ec22ce10dc18aadd41c80d8f78b341a0");
    }

    @Test
    void prefersTheAppMachineIdOverTheRequestUserId() throws Exception {
        var app = onlyApp("""
                <request protocol="3.0" userid="someone-else"><app appid="%s" version="1.0.0" \
                machineid="ec22ce10dc18aadd41c80d8f78b341a0"><ping/></app></request>""".formatted(FLATCAR_APP_ID));

        assertThat(app.machineId()).isEqualTo("ec22ce10dc18aadd41c80d8f78b341a0");
    }

    @Test
    void leavesTheMachineIdAbsentWhenNeitherNamesOne() throws Exception {
        var app = onlyApp("""
                <request protocol="3.0" userid=""><app appid="%s" version="1.0.0"><ping/></app></request>"""
                .formatted(FLATCAR_APP_ID));

        assertThat(app.machineId()).isNull();
    }

    @Test
    void writesAFailedAppAsItsStatusAlone() {
        var xml = new String(codec.encode(new OmahaResponse("platte", 0,
                List.of(AppResponse.failed(FLATCAR_APP_ID, AppStatus.ERROR_INVALID_MACHINE_ID)))), StandardCharsets.UTF_8);

        assertThat(xml).contains("<app appid=\"" + FLATCAR_APP_ID + "\" status=\"error-invalidMachineId\"></app>")
                .doesNotContain("<updatecheck").doesNotContain("<ping").doesNotContain("<event");
    }

    @Test
    void aFailedAppOffersNoUpdateCheckForUpdateEngineToRead() throws Exception {
        var encoded = codec.encode(new OmahaResponse("platte", 0,
                List.of(AppResponse.failed(FLATCAR_APP_ID, AppStatus.ERROR_UNKNOWN_APPLICATION))));

        var app = codec.decodeResponse(encoded).apps().getFirst();

        assertThat(app.status()).isEqualTo("error-unknownApplication");
        // update_engine: no /response/app/updatecheck -> error 34, as for any non-ok update check.
        assertThat(app.updateCheck()).isNull();
    }

    @Test
    void refusesChildrenThatContradictAFailedApp() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x", AppStatus.ERROR_UNKNOWN_APPLICATION,
                false, UpdateCheckResponse.error(), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x", AppStatus.ERROR_INVALID_APP_ID,
                true, null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x", AppStatus.ERROR_INVALID_VERSION,
                false, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> AppResponse.failed("x", AppStatus.OK));
    }
}
